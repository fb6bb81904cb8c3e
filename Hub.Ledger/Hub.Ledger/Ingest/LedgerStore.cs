using Hub.Ledger.Storage;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

/// <summary>The read side of the staging store, and its health. Queries are safe from any thread once it is open.</summary>
internal sealed class LedgerStore(IOptions<LedgerOptions> options, TimeProvider time) : IReadingStore, IDisposable
{
    public const string StorageFaultKind = "storage-fault";
    public const string StorageFullKind = "storage-full";
    public const string WriterStalledKind = "writer-stalled";
    public const string LowSpaceKind = "low-space";

    // Alerts the store could not write (a storage fault, the disk full): shown by /api/alerts and the live page.
    private const int MaxUnstoredAlerts = 100;
    private readonly Lock _unstoredGate = new();
    private readonly List<AlertRecord> _unstored = [];
    private LiteStore? _store;
    private string? _lastError;
    private DateTimeOffset? _lastCommitAt;
    private string? _fatal;
    private string? _readOnly;
    private long _busySinceTicks;
    private long _freeBytes = -1;

    public LiteStore Store => _store ?? throw new InvalidOperationException(_readOnly is { } why
        ? $"The store is not open: {why}"
        : "The store is not open yet; the hub is still starting.");

    public bool IsOpen => _store is not null;

    /// <summary>Set by the writer: readings waiting in the channel.</summary>
    public Func<int> QueueLength { get; set; } = () => 0;

    public bool WriterRunning { get; set; }

    /// <summary>Why nothing more may be written and acknowledged in this process; null while the store is sound.</summary>
    public string? Fatal => _fatal ?? (_store?.Fault.Cause is { } cause ? cause : null);

    /// <summary>Why readings are refused for now (the disk is full); null while ingest runs.</summary>
    public string? ReadOnlyReason => Volatile.Read(ref _readOnly);

    /// <summary>Called once when the store fails: the host stops and exits non-zero (docs/faults.md).</summary>
    public Action<string>? OnFatal { get; set; }

    public string DataDir => options.Value.DataDir!;

    public void Open()
    {
        var o = options.Value;
        _store = new LiteStore(o.DataDir!, o.CheckpointLogMegabytes * 1024L * 1024L, TimeSpan.FromSeconds(o.WriteTimeoutSeconds));
    }

    public void RecordCommit(DateTimeOffset at)
    {
        _lastCommitAt = at;
        _lastError = null;
    }

    public void RecordError(string? error) => _lastError = error;

    /// <summary>The store failed: from now on nothing is acknowledged; the host is asked to exit.</summary>
    public void RecordFatal(string cause)
    {
        if (Interlocked.CompareExchange(ref _fatal, cause, null) is null)
        {
            _lastError = cause;
            OnFatal?.Invoke(cause);
        }
    }

    public void SetReadOnly(string? reason)
    {
        Volatile.Write(ref _readOnly, reason);
        if (reason is not null)
        {
            _lastError = reason;
        }
    }

    public void RecordFreeBytes(long? bytes) => Interlocked.Exchange(ref _freeBytes, bytes ?? -1);

    /// <summary>The writer starts a write (or finished one and starts the next): the watchdog's measure of progress.</summary>
    public void MarkBusy() => Volatile.Write(ref _busySinceTicks, time.GetUtcNow().UtcTicks);

    public void MarkIdle() => Volatile.Write(ref _busySinceTicks, 0);

    /// <summary>Keeps an alert the store could not write, for /api/alerts until the hub restarts.</summary>
    public void AddUnstoredAlert(AlertRecord alert)
    {
        lock (_unstoredGate)
        {
            _unstored.Insert(0, alert);
            if (_unstored.Count > MaxUnstoredAlerts)
            {
                _unstored.RemoveAt(_unstored.Count - 1);
            }
        }
    }

    public ReadingPage QueryReadings(ReadingQuery query) => Store.Page(query);

    public StoredReading? GetReading(long id) => Store.GetReading(id);

    public StoredReading? LastReading(string meterId) => Store.NewestFirst(meterId).FirstOrDefault();

    public IReadOnlyList<AlertRecord> QueryAlerts(DateTimeOffset? since, int limit)
    {
        List<AlertRecord> unstored;
        lock (_unstoredGate)
        {
            unstored = [.. _unstored.Where(a => since is null || a.At >= since)];
        }

        var stored = _store is null ? [] : Store.QueryAlerts(since, limit);
        return unstored.Count == 0 ? stored : [.. unstored.Concat(stored).Take(limit)];
    }

    public StoreStatus GetStatus()
    {
        var store = _store;
        var dataFile = store?.DataFile ?? Path.GetFullPath(Path.Combine(options.Value.DataDir ?? ".", LiteStore.DataFileName));
        var counters = store?.Counters ?? default;
        var busyTicks = Volatile.Read(ref _busySinceTicks);
        DateTimeOffset? busySince = busyTicks == 0 ? null : new DateTimeOffset(busyTicks, TimeSpan.Zero);
        var freeRaw = Interlocked.Read(ref _freeBytes);
        long? free = freeRaw < 0 ? null : freeRaw;
        var fatal = Fatal;
        var readOnly = ReadOnlyReason;
        var stalled = busySince is { } b && time.GetUtcNow() - b > TimeSpan.FromSeconds(options.Value.WriteTimeoutSeconds);
        var lowSpace = free is { } f && f < options.Value.MinFreeMegabytes * 1024L * 1024L;
        var fault = fatal is not null ? StorageFaultKind
            : readOnly is not null ? StorageFullKind
            : stalled ? WriterStalledKind
            : lowSpace ? LowSpaceKind
            : null;
        var error = fatal ?? readOnly ?? _lastError;
        return new StoreStatus(
            store is not null && WriterRunning && error is null && !stalled,
            dataFile,
            counters.Readings,
            counters.InvalidReadings,
            QueueLength(),
            _lastCommitAt,
            error,
            fault,
            fatal is not null || readOnly is not null,
            free,
            busySince);
    }

    public void Dispose()
    {
        _store?.Dispose();
        _store = null;
    }
}
