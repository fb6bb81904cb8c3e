using Hub.Ledger.Storage;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

/// <summary>The read side of the staging store, and its health. Queries are safe from any thread once it is open.</summary>
internal sealed class LedgerStore(IOptions<LedgerOptions> options) : IReadingStore, IDisposable
{
    private LiteStore? _store;
    private string? _lastError;
    private DateTimeOffset? _lastCommitAt;

    public LiteStore Store => _store ?? throw new InvalidOperationException("The store is not open yet; the hub is still starting.");

    public bool IsOpen => _store is not null;

    /// <summary>Set by the writer: readings waiting in the channel.</summary>
    public Func<int> QueueLength { get; set; } = () => 0;

    public bool WriterRunning { get; set; }

    public void Open()
    {
        var o = options.Value;
        _store = new LiteStore(o.DataDir!, o.CheckpointLogMegabytes * 1024L * 1024L);
    }

    public void RecordCommit(DateTimeOffset at)
    {
        _lastCommitAt = at;
        _lastError = null;
    }

    public void RecordError(string error) => _lastError = error;

    public ReadingPage QueryReadings(ReadingQuery query) => Store.Page(query);

    public StoredReading? GetReading(long id) => Store.GetReading(id);

    public StoredReading? LastReading(string meterId) => Store.NewestFirst(meterId).FirstOrDefault();

    public IReadOnlyList<AlertRecord> QueryAlerts(DateTimeOffset? since, int limit) => Store.QueryAlerts(since, limit);

    public StoreStatus GetStatus()
    {
        var store = _store;
        var dataFile = store?.DataFile ?? Path.GetFullPath(Path.Combine(options.Value.DataDir ?? ".", LiteStore.DataFileName));
        var counters = store?.Counters ?? default;
        var error = _lastError;
        return new StoreStatus(
            store is not null && WriterRunning && error is null,
            dataFile,
            counters.Readings,
            counters.InvalidReadings,
            QueueLength(),
            _lastCommitAt,
            error);
    }

    public void Dispose()
    {
        _store?.Dispose();
        _store = null;
    }
}
