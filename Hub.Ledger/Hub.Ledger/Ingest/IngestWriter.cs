using System.Threading.Channels;
using Hub.Ledger.Blocks;
using Hub.Ledger.Storage;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

/// <summary>
/// The single writer behind the bounded ingest channel. It takes whatever is waiting (up to a batch), judges each
/// reading with the rules, writes the batch in one LiteDB transaction, waits until it is fsynced, and only then
/// completes the callers' tasks, so that a plugin's acknowledgement always follows durability (group commit).
/// </summary>
internal sealed partial class IngestWriter : IReadingIngest
{
    private readonly Channel<IngestItem> _channel;
    private readonly LedgerStore _store;
    private readonly MeterCatalog _catalog;
    private readonly RuleOptions _rules;
    private readonly HubEventBroadcaster _events;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestWriter> _logger;
    private readonly int _maxBatch;
    private readonly int _maxBlock;
    private readonly HubSigningKey _key;
    private readonly ReadingJudge _judge;
    private readonly Dictionary<string, MeterHistory?> _histories = new(StringComparer.Ordinal);

    // The highest dedup key stored per prefix ("house#" by seq, "house@" by time): a reading whose key sorts above
    // it cannot have been stored before, so only re-deliveries and late readings cost an index lookup.
    private readonly Dictionary<string, string?> _maxKeys = new(StringComparer.Ordinal);
    private Task? _loop;

    public IngestWriter(
        LedgerStore store,
        MeterCatalog catalog,
        IOptions<LedgerOptions> options,
        IOptions<RuleOptions> rules,
        HubEventBroadcaster events,
        MeterStatusBoard board,
        HubSigningKey key,
        TimeProvider time,
        ILogger<IngestWriter> logger)
    {
        _store = store;
        _catalog = catalog;
        _rules = rules.Value;
        _events = events;
        _time = time;
        _logger = logger;
        _maxBatch = options.Value.MaxBatchSize;
        _maxBlock = options.Value.MaxBlockReadings;
        _key = key;
        _judge = new ReadingJudge(rules.Value, catalog);
        _channel = Channel.CreateBounded<IngestItem>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        store.QueueLength = () => _channel.Reader.Count;
        board.RaiseAlert = (problem, kind) => _channel.Writer.TryWrite(IngestItem.ForProblem(problem, kind, _time.GetUtcNow()));
    }

    public async ValueTask<IngestOutcome> IngestAsync(Reading reading, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (_catalog.Find(reading.MeterId) is null)
        {
            var detail = $"meter '{reading.MeterId}' is not configured; add it to the Meters list of hub.json.";
            return new IngestOutcome(IngestStatus.Rejected, null, false, detail);
        }

        ThrowIfNotWriting();
        var normalized = reading with { Timestamp = ReadingJson.TruncateToMilliseconds(reading.Timestamp) };
        var item = IngestItem.ForReading(normalized, _time.GetUtcNow());
        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new IngestClosedException();
        }

        return await item.Completion!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the single writer thread, after the readings queued before it, and returns its
    /// result. Work that writes must do so through <see cref="LiteStore.Transact{T}"/>, which returns only once the
    /// transaction is fsynced. An exception thrown by the work faults the returned task; the writer goes on.
    /// </summary>
    public async Task<T> RunOnWriterAsync<T>(Func<LiteStore, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ThrowIfNotWriting();
        var item = IngestItem.ForWork(store => work(store), _time.GetUtcNow());
        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new IngestClosedException();
        }

        return (T)(await item.WorkCompletion!.Task.WaitAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Refuses (without queueing) while the store is read-only or failed: the caller must not acknowledge.</summary>
    private void ThrowIfNotWriting()
    {
        if (_store.Fatal is { } fatal)
        {
            throw new IngestClosedException($"The hub's store failed ({fatal}); nothing is acknowledged until the hub restarts.");
        }

        if (_store.ReadOnlyReason is { } readOnly)
        {
            throw new IngestClosedException($"The hub's store is read-only: {readOnly}");
        }
    }

    /// <summary>Asks the writer to seal the unsealed readings after the readings already queued.</summary>
    public void RequestSeal() => _channel.Writer.TryWrite(IngestItem.ForSeal(_time.GetUtcNow()));

    /// <summary>Loads each meter's history and starts the writer loop; the store must be open.</summary>
    public void Start()
    {
        foreach (var meter in _catalog.All)
        {
            _ = _judge.RulesOf(meter.Id); // a bad Meters:N:PublicKey or MaxPowerW stops the start, naming the key
            _histories[meter.Id] = _store.Store.LoadHistory(meter.Id) ?? LoadHistory(_store.Store, meter.Id);
        }

        _store.WriterRunning = true;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>True once <see cref="Start"/> ran (the store may have been read-only before).</summary>
    public bool Started => _loop is not null;

    /// <summary>Refuses new readings, writes every reading already queued, and returns when the last batch is durable.</summary>
    public async Task DrainAsync()
    {
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private static MeterHistory? LoadHistory(LiteStore store, string meterId)
    {
        MeterHistory? history = null;
        double? import = null;
        double? export = null;
        var scanned = 0;
        foreach (var stored in store.NewestFirst(meterId))
        {
            history ??= new MeterHistory(stored.Reading.Timestamp, stored.Reading.Seq, null, null);
            if (stored.Valid)
            {
                import ??= stored.Reading.EnergyImportWh;
                export ??= stored.Reading.EnergyExportWh;
            }

            // Bounded: a meter without counters should not make the hub read its whole history at start.
            if ((import is not null && export is not null) || ++scanned >= 10_000)
            {
                break;
            }
        }

        return history is null ? null : history with { ImportWh = import, ExportWh = export };
    }

    private async Task RunAsync()
    {
        var batch = new List<IngestItem>(_maxBatch);
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                var sealRequested = false;
                IngestItem? work = null;
                while (batch.Count < _maxBatch && reader.TryRead(out var item))
                {
                    if (item.IsSealRequest)
                    {
                        sealRequested = true;
                        continue;
                    }

                    if (item.Work is not null)
                    {
                        // Work runs after the readings read before it, so the batch ends here.
                        work = item;
                        break;
                    }

                    batch.Add(item);
                }

                _store.MarkBusy();
                try
                {
                    if (batch.Count > 0)
                    {
                        WriteBatch(batch);
                    }

                    SealBlocks(sealRequested);
                    if (work is not null)
                    {
                        RunWork(work);
                    }
                }
#pragma warning disable CA1031 // A storage fault of any shape stops the writer: fail-stop, never a false acknowledgement.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    FailStop(ex, batch, work);
                    return;
                }
                finally
                {
                    _store.MarkIdle();
                }
            }
        }
        finally
        {
            _store.WriterRunning = false;
        }
    }

    /// <summary>
    /// The store failed (a write, fsync or LiteDB error): the readings in flight and every reading still queued get
    /// an error (no acknowledgement), the channel closes, a <c>storage-fault</c> alert is raised (kept in memory: the
    /// store cannot take it) and the host is asked to exit non-zero so that systemd restarts the hub on what really
    /// is on disk. LiteDB's cache may hold the failed transaction; answering from it (a "duplicate" of a reading that
    /// never reached the disk) is what stopping here rules out.
    /// </summary>
    private void FailStop(Exception ex, List<IngestItem> batch, IngestItem? work)
    {
        var fault = _store.IsOpen ? _store.Store.Fault : null;
        var cause = fault?.Cause ?? ex.Message;
        fault?.Trip(cause, ex);
        LogStorageFault(ex, cause);
        var failure = new StorageFaultException($"The hub could not store the reading: {cause}", ex);
        foreach (var item in batch)
        {
            item.Completion?.TrySetException(failure);
        }

        work?.WorkCompletion?.TrySetException(failure);
        _channel.Writer.TryComplete();
        while (_channel.Reader.TryRead(out var queued))
        {
            queued.Completion?.TrySetException(failure);
            queued.WorkCompletion?.TrySetException(failure);
        }

        var alert = new AlertRecord(0, _time.GetUtcNow(), LedgerStore.StorageFaultKind, null,
            $"The store failed and the hub stopped acknowledging readings: {cause}. The hub exits so that it is restarted; see docs/faults.md.", null, null);
        _store.AddUnstoredAlert(alert);
        _events.Publish(new AlertRaisedEvent(alert));
        _store.RecordFatal(cause);
    }

    private void WriteBatch(List<IngestItem> batch)
    {
        var store = _store.Store;
        var counters = store.Counters;
        var nextReading = counters.NextReadingId;
        var nextAlert = counters.NextAlertId;
        var invalid = counters.InvalidReadings;
        var stored = new List<StoredReading>(batch.Count);
        var alerts = new List<AlertRecord>();
        var outcomes = new IngestOutcome[batch.Count];
        var keysInBatch = new Dictionary<string, (long Id, bool Valid)>(StringComparer.Ordinal);
        var histories = new Dictionary<string, MeterHistory?>(StringComparer.Ordinal);

        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            if (item.Problem is { } problem)
            {
                alerts.Add(new AlertRecord(nextAlert++, item.At, item.ProblemKind!, problem.MeterId, problem.Detail, null, problem.Plugin));
                continue;
            }

            var reading = item.Reading!;
            var key = ReadingDocument.SortableDedupKey(reading);
            var prefix = ReadingDocument.DedupPrefix(reading);
            if (!_maxKeys.TryGetValue(prefix, out var maxKey))
            {
                _maxKeys[prefix] = maxKey = store.MaxDedupKey(prefix);
            }

            var earlier = keysInBatch.TryGetValue(key, out var inBatch) ? inBatch
                : maxKey is not null && string.CompareOrdinal(key, maxKey) <= 0 ? store.FindByDedupKey(key)
                : null;
            if (earlier is { } e)
            {
                outcomes[i] = new IngestOutcome(IngestStatus.Duplicate, e.Id, e.Valid, "already stored");
                continue;
            }

            var history = histories.TryGetValue(reading.MeterId, out var h) ? h : _histories.GetValueOrDefault(reading.MeterId);
            if (history is not null && (reading.Timestamp - history.LastTimestamp).TotalSeconds > _rules.MaxGapSeconds)
            {
                var gap = reading.Timestamp - history.LastTimestamp;
                alerts.Add(new AlertRecord(nextAlert++, item.At, "reading-gap", reading.MeterId, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Meter {reading.MeterId} sent no reading for {gap.TotalMinutes:0} minutes (from {ReadingJson.FormatTimestamp(history.LastTimestamp)} to {ReadingJson.FormatTimestamp(reading.Timestamp)}; Rules:MaxGapSeconds is {_rules.MaxGapSeconds} s); bills estimate that stretch."), null, null));
            }

            var meterRules = _judge.RulesOf(reading.MeterId);
            var verdicts = RuleEngine.Evaluate(reading, item.At, history, _rules, meterRules, m => histories.TryGetValue(m, out var o) ? o : _histories.GetValueOrDefault(m));
            var valid = verdicts.All(v => v.Ok);
            var record = new StoredReading(nextReading++, reading, item.At, valid, verdicts, null);
            stored.Add(record);
            keysInBatch[key] = (record.Id, valid);
            histories[reading.MeterId] = MeterHistory.After(history, reading, valid, meterRules.KeepsTrail);
            outcomes[i] = new IngestOutcome(IngestStatus.Stored, record.Id, valid, null);
            if (!valid)
            {
                invalid++;
                var why = string.Join("; ", verdicts.Where(v => !v.Ok).Select(v => $"{v.Rule}: {v.Detail}"));
                alerts.Add(new AlertRecord(nextAlert++, item.At, "invalid-reading", reading.MeterId, $"Invalid reading {record.Id} from meter {reading.MeterId}: {why}.", record.Id, null));
            }
        }

        try
        {
            store.CommitBatch(stored, alerts, new StoreCounters(counters.Readings + stored.Count, invalid, nextReading, nextAlert), histories);
        }
        catch (Exception ex)
        {
            // Rethrown to the loop, which stops the writer (FailStop): LiteDB's state after a failed commit is unknown.
            LogCommitFailed(ex, batch.Count);
            throw;
        }

        var now = _time.GetUtcNow();
        _store.RecordCommit(now);
        foreach (var (meter, history) in histories)
        {
            _histories[meter] = history;
        }

        foreach (var record in stored)
        {
            var key = ReadingDocument.SortableDedupKey(record.Reading);
            var prefix = ReadingDocument.DedupPrefix(record.Reading);
            if (_maxKeys.GetValueOrDefault(prefix) is not { } max || string.CompareOrdinal(key, max) > 0)
            {
                _maxKeys[prefix] = key;
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion?.TrySetResult(outcomes[i]);
        }

        foreach (var record in stored)
        {
            _events.Publish(new ReadingStoredEvent(record));
        }

        foreach (var alert in alerts)
        {
            if (alert.Kind == "invalid-reading")
            {
                LogInvalid(alert.MeterId ?? "-", alert.Message);
            }

            _events.Publish(new AlertRaisedEvent(alert));
        }
    }

    /// <summary>
    /// Seals full blocks whenever enough readings wait, and everything unsealed when the timer asked. Runs on the
    /// writer, between batches: a block and the block heights of its readings commit in one transaction.
    /// </summary>
    private void SealBlocks(bool sealAll)
    {
        var store = _store.Store;
        try
        {
            while (store.Unsealed >= _maxBlock || (sealAll && store.Unsealed > 0))
            {
                var block = store.SealNext(_key.Key, _maxBlock, _time.GetUtcNow());
                if (block is null)
                {
                    break;
                }

                _store.MarkBusy();
                LogSealed(block.Header.Height, block.Header.ReadingCount, block.Header.InvalidCount);
                _events.Publish(new BlockSealedEvent(block));
            }
        }
#pragma warning disable CA1031 // A failed seal leaves the readings unsealed for the next attempt; ingest goes on.
        catch (Exception ex) when (!IsStorageFault(store, ex))
#pragma warning restore CA1031
        {
            LogSealFailed(ex);
            _store.RecordError($"sealing a block failed: {ex.Message}");
        }
    }

    private void RunWork(IngestItem item)
    {
        try
        {
            item.WorkCompletion!.TrySetResult(item.Work!(_store.Store));
        }
#pragma warning disable CA1031 // The caller hears of the failure through its task; the writer must go on.
        catch (Exception ex) when (!_store.Store.Fault.IsTripped && ex is not (IOException or ObjectDisposedException))
#pragma warning restore CA1031
        {
            item.WorkCompletion!.TrySetException(ex);
        }
    }

    /// <summary>An error of the disk or of LiteDB's engine (as opposed to a bug in one piece of work): the writer stops.</summary>
    private static bool IsStorageFault(LiteStore store, Exception ex) =>
        store.Fault.IsTripped || ex is IOException or LiteDB.LiteException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed block {Height}: {Count} readings, {Invalid} invalid")]
    private partial void LogSealed(long height, int count, int invalid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing a block failed; its readings stay unsealed until the next attempt")]
    private partial void LogSealFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing a batch of {Count} readings failed; none of them was acknowledged")]
    private partial void LogCommitFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "storage-fault: {Cause}. The writer stopped: nothing more is acknowledged; the hub exits to be restarted")]
    private partial void LogStorageFault(Exception ex, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meter {MeterId}: {Message}")]
    private partial void LogInvalid(string meterId, string message);
}
