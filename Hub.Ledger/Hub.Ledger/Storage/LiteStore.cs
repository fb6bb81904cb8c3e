using System.Globalization;
using System.Text;
using LiteDB;
using LiteDB.Engine;

namespace Hub.Ledger.Storage;

/// <summary>
/// The LiteDB staging store. One writer thread calls <see cref="CommitBatch"/>; any thread may query.
/// A batch is durable when <see cref="CommitBatch"/> returns: committed, written and fsynced (log file).
/// </summary>
internal sealed partial class LiteStore : IDisposable
{
    public const string DataFileName = "smartmeter.db";
    public const string LogFileName = "smartmeter-log.db";
    private const string MetaCollection = "meta";
    private const string CountersId = "counters";
    private const string MetersId = "meters";

    private readonly DurableFileStream _data;
    private readonly DurableFileStream _log;
    private readonly FileStream _temp;
    private readonly LiteDatabase _db;
    private readonly LiteDbWriteBarrier _barrier;
    private readonly ILiteCollection<BsonDocument> _readings;
    private readonly ILiteCollection<BsonDocument> _alerts;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly long _checkpointLogBytes;
    private string[] _meters;

    /// <summary>How long a commit may wait for LiteDB's background writer before the store counts as failed.</summary>
    public static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(30);

    public LiteStore(string dataDir, long checkpointLogBytes, TimeSpan? writeTimeout = null)
    {
        Directory.CreateDirectory(dataDir);
        DataFile = Path.GetFullPath(Path.Combine(dataDir, DataFileName));
        _checkpointLogBytes = checkpointLogBytes;
        _data = new DurableFileStream(DataFile, Fault);
        try
        {
            _log = new DurableFileStream(Path.Combine(dataDir, LogFileName), Fault);

            // A checkpoint copies log pages into the data file, then truncates the log: the data file must be on
            // the device before its only other copy goes.
            _log.BeforeSetLength = _data.Sync;
            _temp = new FileStream(Path.Combine(dataDir, "smartmeter-tmp.db"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
            var engine = new LiteEngine(new EngineSettings { DataStream = _data, LogStream = _log, TempStream = _temp });
            _db = new LiteDatabase(engine, disposeOnClose: true)
            {
                // Checkpoints run from CommitBatch, between batches, never inside a commit.
                CheckpointSize = 0,
            };
            _barrier = new LiteDbWriteBarrier(engine, Fault, writeTimeout ?? DefaultWriteTimeout);
            _readings = _db.GetCollection(ReadingDocument.Collection, BsonAutoId.Int64);
            _readings.EnsureIndex(ReadingDocument.DedupKey, unique: true);
            _readings.EnsureIndex(ReadingDocument.MeterTimeKey, unique: true);
            _alerts = _db.GetCollection(AlertDocument.Collection, BsonAutoId.Int64);
            _meta = _db.GetCollection(MetaCollection);
            var meters = _meta.FindById(MetersId);
            _meters = meters is null ? [] : [.. meters["ids"].AsArray.Select(v => v.AsString)];
            var counters = _meta.FindById(CountersId);
            Counters = counters is null
                ? new StoreCounters(0, 0, 1, 1)
                : new StoreCounters(counters["readings"].AsInt64, counters["invalid"].AsInt64, counters["nextReading"].AsInt64, counters["nextAlert"].AsInt64);
            _barrier.WaitForQueuedWrites();
            _log.Sync();
            _data.Sync();
        }
        catch (Exception ex)
        {
            CloseQuietly();
            if (ex is StorageFaultException or UnauthorizedAccessException || (ex is IOException and not EndOfStreamException))
            {
                throw;
            }

            // Anything else LiteDB throws while reading its header, pages and our meta documents is a damaged file.
            throw StoreCorruptException.Of(DataFile, ex);
        }
    }

    /// <summary>The store's fail-stop latch: tripped by the first write or fsync error of its files.</summary>
    public StorageFault Fault { get; } = new();

    public string DataFile { get; }

    /// <summary>Totals and next ids, as of the last durable batch.</summary>
    public StoreCounters Counters { get; private set; }

    /// <summary>fsyncs of the log file, for tests and health.</summary>
    public long LogSyncs => _log.Syncs;

    public long LogFileBytes => _log.Length;

    /// <summary>Every meter that has readings in the store (configured now or not).</summary>
    public IReadOnlyList<string> Meters => Volatile.Read(ref _meters);

    /// <summary>The highest dedup key starting with <paramref name="prefix"/>, or null when there is none.</summary>
    public string? MaxDedupKey(string prefix)
    {
        var doc = _readings.Query()
            .Where(Query.Between(ReadingDocument.DedupKey, prefix, prefix + ReadingDocument.KeyEnd))
            .OrderByDescending(ReadingDocument.DedupKey)
            .Limit(1)
            .ToDocuments()
            .FirstOrDefault();
        return doc?[ReadingDocument.DedupKey].AsString;
    }

    /// <summary>The id and validity of the stored reading with this dedup key, if any.</summary>
    public (long Id, bool Valid)? FindByDedupKey(string key)
    {
        var doc = _readings.FindOne(Query.EQ(ReadingDocument.DedupKey, key));
        return doc is null ? null : (doc["_id"].AsInt64, doc["v"].AsBoolean);
    }

    /// <summary>Writes readings and alerts in one transaction and returns once they are on the device.</summary>
    public void CommitBatch(IReadOnlyList<StoredReading> readings, IReadOnlyList<AlertRecord> alerts, StoreCounters after, IReadOnlyDictionary<string, MeterHistory?>? histories = null)
    {
        var added = readings.Select(r => r.Reading.MeterId).Distinct(StringComparer.Ordinal).Except(_meters, StringComparer.Ordinal).ToArray();
        if (!_db.BeginTrans())
        {
            throw new InvalidOperationException("A transaction is already open on the writer thread.");
        }

        try
        {
            if (readings.Count > 0)
            {
                _readings.InsertBulk(readings.Select(ReadingDocument.ToDocument), readings.Count);
            }

            if (alerts.Count > 0)
            {
                _alerts.InsertBulk(alerts.Select(AlertDocument.ToDocument), alerts.Count);
            }

            if (added.Length > 0)
            {
                _meta.Upsert(new BsonDocument { ["_id"] = MetersId, ["ids"] = new BsonArray(_meters.Concat(added).Select(m => new BsonValue(m))) });
            }

            SaveHistories(histories);
            _meta.Upsert(new BsonDocument
            {
                ["_id"] = CountersId,
                ["readings"] = after.Readings,
                ["invalid"] = after.InvalidReadings,
                ["nextReading"] = after.NextReadingId,
                ["nextAlert"] = after.NextAlertId,
            });
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }

        // LiteDB's commit only queued the log pages; wait until they are written, then fsync the log.
        _barrier.WaitForQueuedWrites();
        _log.Sync();
        Counters = after;
        if (added.Length > 0)
        {
            Volatile.Write(ref _meters, [.. _meters, .. added]);
        }
        if (_log.Length > _checkpointLogBytes)
        {
            Checkpoint();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside one LiteDB transaction on the writer thread (call it only from work given
    /// to <c>IngestWriter.RunOnWriterAsync</c>) and returns once the transaction is fsynced: the same durability as a
    /// reading's batch. Collections other than the ledger's own are free for new features (bills, roll-ups, outbox).
    /// </summary>
    public T Transact<T>(Func<LiteDatabase, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_db.BeginTrans())
        {
            throw new InvalidOperationException("A transaction is already open on the writer thread.");
        }

        T result;
        try
        {
            result = work(_db);
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }

        _barrier.WaitForQueuedWrites();
        _log.Sync();
        if (_log.Length > _checkpointLogBytes)
        {
            Checkpoint();
        }

        return result;
    }

    /// <summary>The database, for reads from any thread (LiteDB allows concurrent readers); writes go through <see cref="Transact{T}"/>.</summary>
    public LiteDatabase Database => _db;

    /// <summary>Folds the log into the data file (fsynced before the log is truncated) so the log stays bounded.</summary>
    public void Checkpoint()
    {
        _db.Checkpoint();
        _barrier.WaitForQueuedWrites();
        _data.Sync();
        _log.Sync();
    }

    public StoredReading? GetReading(long id)
    {
        var doc = _readings.FindById(id);
        return doc is null ? null : Resolve(doc);
    }

    /// <summary>The meter's readings from the newest backwards, lazily.</summary>
    public IEnumerable<StoredReading> NewestFirst(string meterId)
    {
        var lo = meterId + "|";
        var hi = meterId + "|" + ReadingDocument.KeyEnd;
        return _readings.Query()
            .Where(Query.Between(ReadingDocument.MeterTimeKey, lo, hi))
            .OrderByDescending(ReadingDocument.MeterTimeKey)
            .ToDocuments()
            .Select(Resolve);
    }

    public ReadingPage Page(ReadingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "limit: use 1 to 1000.");
        }

        var fromMs = query.From?.ToUnixTimeMilliseconds() ?? 0;
        var toMs = query.To?.ToUnixTimeMilliseconds() ?? 999_999_999_999_999L;
        if (toMs <= fromMs)
        {
            return new ReadingPage([], null);
        }

        // The cursor is the (time, id) of the oldest reading of the previous page; the next page is strictly older.
        var after = query.Cursor is null ? null : DecodeCursor(query.Cursor);
        var meters = query.MeterId is null ? Meters : [query.MeterId];

        // Newest first from each meter's slice of the mt index, merged: a page never reads more than limit + 1
        // readings per meter, however large the store.
        var newest = new List<(string Key, BsonDocument Doc)>();
        foreach (var meter in meters)
        {
            var lo = string.Create(CultureInfo.InvariantCulture, $"{meter}|{fromMs:D15}|");
            var hi = string.Create(CultureInfo.InvariantCulture, $"{meter}|{toMs - 1:D15}|{ReadingDocument.KeyEnd}");
            var below = after is null ? null : $"{meter}|{after}";
            if (below is not null && string.CompareOrdinal(below, hi) < 0)
            {
                hi = below;
            }

            newest.AddRange(_readings.Query()
                .Where(Query.Between(ReadingDocument.MeterTimeKey, lo, hi))
                .OrderByDescending(ReadingDocument.MeterTimeKey)
                .Limit(query.Limit + 2)
                .ToDocuments()
                .Select(d => (Key: d[ReadingDocument.MeterTimeKey].AsString[(meter.Length + 1)..], Doc: d))
                .Where(x => after is null || !string.Equals(x.Key, after, StringComparison.Ordinal))
                .Take(query.Limit + 1));
        }

        var page = newest.OrderByDescending(x => x.Key, StringComparer.Ordinal).Take(query.Limit + 1).ToList();
        string? next = null;
        if (page.Count > query.Limit)
        {
            page.RemoveAt(page.Count - 1);
            next = EncodeCursor(page[^1].Key);
        }

        page.Reverse();
        return new ReadingPage([.. page.Select(x => Resolve(x.Doc))], next);
    }

    public IReadOnlyList<AlertRecord> QueryAlerts(DateTimeOffset? since, int limit)
    {
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit: use 1 to 1000.");
        }

        var sinceMs = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        return _alerts.Query()
            .OrderByDescending("_id")
            .ToDocuments()
            .TakeWhile(d => d["at"].AsInt64 >= sinceMs)
            .Take(limit)
            .Select(AlertDocument.FromDocument)
            .ToList();
    }

    public void Dispose() => CloseQuietly();

    /// <summary>
    /// Closes LiteDB and the files. After a storage fault LiteDB's own close (a checkpoint) fails on the refusing
    /// streams, which is the point: nothing more reaches the files; the error is not news.
    /// </summary>
    private void CloseQuietly()
    {
#pragma warning disable CA1031 // Closing after a fault: every error here was already reported as the fault.
        try
        {
            _db?.Dispose();
        }
        catch (Exception) when (Fault.IsTripped)
        {
        }
#pragma warning restore CA1031

        _data?.Dispose();
        _log?.Dispose();
        _temp?.Dispose();
    }

    private static string EncodeCursor(string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeCursor(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var key = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            if (key.Length == 35 && key[15] == '|' && key.AsSpan(0, 15).ContainsAnyExceptInRange('0', '9') is false
                && key.AsSpan(16).ContainsAnyExceptInRange('0', '9') is false)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("cursor: not a cursor of this query; pass the 'next' value of the previous page unchanged.", nameof(cursor));
    }
}
