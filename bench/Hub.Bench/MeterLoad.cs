using System.Diagnostics;
using Hub.Plugins.Abstractions;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// The publishing side of the load: one MQTTnet client per meter, each keeping up to <c>inflight</c> QoS 1
/// publishes outstanding, the payloads serialised before the clock starts.
/// </summary>
public sealed class MeterLoad
{
    private readonly IReadOnlyList<(HubMeter Meter, byte[][] Payloads)> _meters;
    private readonly int _inflight;

    private MeterLoad(IReadOnlyList<(HubMeter Meter, byte[][] Payloads)> meters, int inflight)
    {
        _meters = meters;
        _inflight = inflight;
    }

    public int Total => _meters.Sum(m => m.Payloads.Length);

    /// <summary>Canonical household readings, seq 1..<paramref name="perMeter"/> for each meter, timestamps in the past hours.</summary>
    public static MeterLoad Create(IEnumerable<HubMeter> meters, int perMeter, int inflight)
    {
        var start = TimeProvider.System.GetUtcNow().AddSeconds(-perMeter - 3600);
        var prepared = meters
            .Select(meter => (meter, Enumerable.Range(1, perMeter)
                .Select(seq => ReadingJson.ToUtf8Bytes(Readings.Household(meter.Id, (ulong)seq, start)))
                .ToArray()))
            .ToList();
        return new MeterLoad(prepared, inflight);
    }

    /// <summary>Connects every meter (anonymously when <paramref name="anonymous"/>), then publishes everything.</summary>
    /// <returns>The time from the first publish to the last PUBACK.</returns>
    public async Task<TimeSpan> RunAsync(int port, bool anonymous, Action? started, CancellationToken cancellationToken)
    {
        var clients = new List<MeterClient>();
        try
        {
            foreach (var (meter, _) in _meters)
            {
                clients.Add(anonymous
                    ? await MeterClient.ConnectAsync(port, meter.Id, null, null, meter.ReadingTopic, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await MeterClient.ConnectAsync(port, meter, cancellationToken).ConfigureAwait(false));
            }

            var clock = Stopwatch.StartNew();
            started?.Invoke();
            await Task.WhenAll(clients.Select((client, i) => PublishAllAsync(client, _meters[i].Payloads, cancellationToken))).ConfigureAwait(false);
            return clock.Elapsed;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task PublishAllAsync(MeterClient client, byte[][] payloads, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(_inflight);
        var pending = new List<Task>(_inflight * 2);
        foreach (var payload in payloads)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            pending.Add(PublishOneAsync(payload));
            if (pending.Count >= _inflight * 2)
            {
                pending.RemoveAll(t => t.IsCompletedSuccessfully);
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);

        async Task PublishOneAsync(byte[] payload)
        {
            try
            {
                await client.PublishAsync(payload, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
