using System.Collections.Concurrent;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

/// <summary>
/// The ingest seam: records what would be stored, recognises duplicates by DedupKey as the store does, and can be
/// made to wait (<see cref="Hold"/>) or to fail (<see cref="FailNext"/>) so tests can watch acknowledgements.
/// </summary>
public sealed class TestIngest : IReadingIngest
{
    private readonly ConcurrentQueue<Reading> _stored = new();
    private readonly ConcurrentQueue<Reading> _received = new();
    private readonly ConcurrentDictionary<string, long> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exception> _failures = new();
    private TaskCompletionSource? _gate;
    private long _nextId;
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    public IReadOnlyCollection<Reading> Stored => _stored;

    /// <summary>Every reading handed to IngestAsync, in call order.</summary>
    public IReadOnlyCollection<Reading> Received => _received;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The most IngestAsync calls that were waiting at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>A fixed delay before each reading is "committed", like an fsync.</summary>
    public TimeSpan CommitDelay { get; set; }

    /// <summary>Makes every IngestAsync wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>The next IngestAsync call throws this (after any hold).</summary>
    public void FailNext(Exception exception) => _failures.Enqueue(exception);

    public async ValueTask<IngestOutcome> IngestAsync(Reading reading, CancellationToken cancellationToken = default)
    {
        _received.Enqueue(reading);
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        try
        {
            if (_gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (CommitDelay > TimeSpan.Zero)
            {
                await Task.Delay(CommitDelay, cancellationToken);
            }

            if (_failures.TryDequeue(out var failure))
            {
                throw failure;
            }

            var id = Interlocked.Increment(ref _nextId);
            if (!_keys.TryAdd(reading.DedupKey, id))
            {
                return new IngestOutcome(IngestStatus.Duplicate, _keys[reading.DedupKey], true, null);
            }

            _stored.Enqueue(reading);
            return new IngestOutcome(IngestStatus.Stored, id, true, null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<IReadOnlyList<Reading>> WaitForStoredAsync(int count, string? meterId = null) =>
        Eventually.ReturnsAsync<IReadOnlyList<Reading>>(
            () =>
            {
                var readings = _stored.Where(r => meterId is null || r.MeterId == meterId).ToList();
                return readings.Count >= count ? readings : null;
            },
            $"{count} stored reading(s){(meterId is null ? string.Empty : $" of meter {meterId}")}");
}
