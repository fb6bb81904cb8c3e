using System.Reflection;
using LiteDB.Engine;

namespace Hub.Ledger.Storage;

/// <summary>
/// Waits until LiteDB has handed every committed page to the operating system. In LiteDB 5.0.20 a commit only
/// queues its log pages for a background writer thread (DiskWriterQueue) and returns; nothing public waits for
/// that queue. The package version is pinned centrally, and this barrier fails the start loudly if the internals
/// it needs are not there, rather than acknowledging readings that are not on disk.
/// </summary>
internal sealed class LiteDbWriteBarrier
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
    private readonly object _disk;
    private readonly PropertyInfo _queueProperty;

    public LiteDbWriteBarrier(LiteEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var diskField = typeof(LiteEngine).GetField("_disk", Instance)
            ?? throw Unsupported("LiteEngine._disk");
        _disk = diskField.GetValue(engine) ?? throw Unsupported("LiteEngine._disk (null)");
        _queueProperty = _disk.GetType().GetProperty("Queue", Instance) ?? throw Unsupported("DiskService.Queue");
        _ = WaitMethod ?? throw Unsupported("DiskWriterQueue.Wait()");
    }

    private Action? _wait;

    private MethodInfo? WaitMethod => _queueProperty.PropertyType.GetGenericArguments().FirstOrDefault()?.GetMethod("Wait", Instance, Type.EmptyTypes);

    /// <summary>Blocks until the writer queue is empty: every page of every committed transaction was written.</summary>
    public void WaitForQueuedWrites()
    {
        if (_wait is null)
        {
            // The queue is created lazily on the first write; reading Lazy.Value here would create it, harmlessly.
            var lazy = _queueProperty.GetValue(_disk);
            var queue = lazy?.GetType().GetProperty("Value")!.GetValue(lazy);
            if (queue is null)
            {
                return;
            }

            _wait = (Action)Delegate.CreateDelegate(typeof(Action), queue, WaitMethod!);
        }

        _wait();
    }

    private static NotSupportedException Unsupported(string member) => new(
        $"This LiteDB build lacks {member}; the store cannot prove its commits are on disk. Use LiteDB 5.0.20 as pinned in Directory.Packages.props.");
}
