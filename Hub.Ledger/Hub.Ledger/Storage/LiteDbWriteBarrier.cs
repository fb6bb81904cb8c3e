using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using LiteDB.Engine;

namespace Hub.Ledger.Storage;

/// <summary>
/// Waits until LiteDB has handed every committed page to the operating system. In LiteDB 5.0.20 a commit only
/// queues its log pages for a background writer thread (DiskWriterQueue) and returns; nothing public waits for
/// that queue. The package version is pinned centrally, and this barrier fails the start loudly if the internals
/// it needs are not there, rather than acknowledging readings that are not on disk.
/// The wait is bounded: when LiteDB's writer dies on a write error it records the error and never signals the
/// queue empty (its <c>Wait()</c> would block for ever), so the barrier polls the error and the store's fault latch
/// and gives up after the write timeout; either way the store faults and nothing more is acknowledged.
/// </summary>
internal sealed class LiteDbWriteBarrier
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly object _disk;
    private readonly PropertyInfo _queueProperty;
    private readonly StorageFault _fault;
    private readonly TimeSpan _timeout;
    private ManualResetEventSlim? _empty;
    private FieldInfo? _errorField;
    private object? _queue;

    public LiteDbWriteBarrier(LiteEngine engine, StorageFault fault, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(fault);
        _fault = fault;
        _timeout = timeout;
        var diskField = typeof(LiteEngine).GetField("_disk", Instance)
            ?? throw Unsupported("LiteEngine._disk");
        _disk = diskField.GetValue(engine) ?? throw Unsupported("LiteEngine._disk (null)");
        _queueProperty = _disk.GetType().GetProperty("Queue", Instance) ?? throw Unsupported("DiskService.Queue");
        var queueType = _queueProperty.PropertyType.GetGenericArguments().FirstOrDefault() ?? throw Unsupported("DiskService.Queue<DiskWriterQueue>");
        _ = queueType.GetField("_queueIsEmpty", Instance) ?? throw Unsupported("DiskWriterQueue._queueIsEmpty");
        _ = queueType.GetField("_exception", Instance) ?? throw Unsupported("DiskWriterQueue._exception");
    }

    /// <summary>
    /// Blocks until the writer queue is empty: every page of every committed transaction was written. Throws
    /// <see cref="StorageFaultException"/> (and trips the latch) when a write failed or the queue did not drain in time.
    /// </summary>
    public void WaitForQueuedWrites()
    {
        _fault.ThrowIfTripped();
        if (_empty is null)
        {
            // The queue is created lazily on the first write; reading Lazy.Value here would create it, harmlessly.
            var lazy = _queueProperty.GetValue(_disk);
            var queue = lazy?.GetType().GetProperty("Value")!.GetValue(lazy);
            if (queue is null)
            {
                return;
            }

            _empty = (ManualResetEventSlim)queue.GetType().GetField("_queueIsEmpty", Instance)!.GetValue(queue)!;
            _errorField = queue.GetType().GetField("_exception", Instance)!;
            _queue = queue;
        }

        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var drained = _empty.Wait(Poll);
            if (_errorField!.GetValue(_queue) is Exception error)
            {
                throw _fault.Trip($"LiteDB's writer failed: {error.Message}", error);
            }

            _fault.ThrowIfTripped();
            if (drained)
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > _timeout)
            {
                throw _fault.Trip(string.Create(CultureInfo.InvariantCulture,
                    $"LiteDB's writer did not write the committed pages within {_timeout.TotalSeconds:0} s (disk stalled?)"), null);
            }
        }
    }

    private static NotSupportedException Unsupported(string member) => new(
        $"This LiteDB build lacks {member}; the store cannot prove its commits are on disk. Use LiteDB 5.0.20 as pinned in Directory.Packages.props.");
}
