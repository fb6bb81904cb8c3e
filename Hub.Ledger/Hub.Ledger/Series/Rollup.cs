using Hub.Ledger.Storage;
using LiteDB;

namespace Hub.Ledger.Series;

/// <summary>
/// Rolls the readings above the high-water mark into hourly and daily buckets. Runs inside one writer transaction
/// (<see cref="LiteStore.Transact{T}"/>), so buckets and high-water mark commit together.
/// </summary>
internal static class Rollup
{
    /// <summary>Rolls up at most <paramref name="maxReadings"/> readings; returns how many, and the new high-water mark.</summary>
    public static (int Rolled, long RolledThrough) RunBatch(LiteDatabase db, RuleOptions rules, int maxReadings)
    {
        ArgumentNullException.ThrowIfNull(db);
        var state = RollupState.Load(db);
        if (state is null)
        {
            // No roll-ups yet, or of an older layout: start again from the first reading still stored. (Deleted,
            // not dropped: LiteDB does not drop a collection inside a transaction.)
            db.GetCollection(SeriesCollections.Hourly).DeleteAll();
            db.GetCollection(SeriesCollections.Daily).DeleteAll();
            state = new RollupState();
        }

        var docs = db.GetCollection(ReadingDocument.Collection).Find(Query.GT("_id", state.RolledThrough), 0, maxReadings).ToList();
        if (docs.Count == 0)
        {
            state.Save(db);
            return (0, state.RolledThrough);
        }

        var hours = new Dictionary<string, SeriesBucket>(StringComparer.Ordinal);
        var days = new Dictionary<string, SeriesBucket>(StringComparer.Ordinal);
        foreach (var doc in docs)
        {
            var stored = ReadingDocument.FromDocument(doc);
            var r = stored.Reading;
            double? importStep = null, exportStep = null;
            if (stored.Valid)
            {
                var (lastImport, lastExport) = state.Counters.GetValueOrDefault(r.MeterId);
                if (r.EnergyImportWh is { } i)
                {
                    importStep = EnergySteps.Step(lastImport, i, rules);
                    lastImport = i;
                }

                if (r.EnergyExportWh is { } e)
                {
                    exportStep = EnergySteps.Step(lastExport, e, rules);
                    lastExport = e;
                }

                state.Counters[r.MeterId] = (lastImport, lastExport);
            }

            var ms = r.Timestamp.ToUnixTimeMilliseconds();
            BucketOf(hours, r.MeterId, SeriesCollections.Floor(ms, SeriesCollections.HourMs)).Add(r, stored.Valid, importStep, exportStep);
            BucketOf(days, r.MeterId, SeriesCollections.Floor(ms, SeriesCollections.DayMs)).Add(r, stored.Valid, importStep, exportStep);
            state.NewestMs = state.NewestMs is { } n ? Math.Max(n, ms) : ms;
            state.RolledThrough = stored.Id;
        }

        Save(db.GetCollection(SeriesCollections.Hourly), hours.Values);
        Save(db.GetCollection(SeriesCollections.Daily), days.Values);
        state.Save(db);
        return (docs.Count, state.RolledThrough);
    }

    /// <summary>The high-water mark of the roll-ups, 0 when none.</summary>
    public static long RolledThrough(LiteDatabase db) => RollupState.Load(db)?.RolledThrough ?? 0;

    private static SeriesBucket BucketOf(Dictionary<string, SeriesBucket> buckets, string meterId, long startMs)
    {
        var id = SeriesCollections.BucketId(meterId, startMs);
        if (!buckets.TryGetValue(id, out var bucket))
        {
            bucket = new SeriesBucket { MeterId = meterId, StartMs = startMs };
            buckets[id] = bucket;
        }

        return bucket;
    }

    private static void Save(ILiteCollection<BsonDocument> collection, IEnumerable<SeriesBucket> buckets)
    {
        foreach (var bucket in buckets)
        {
            var id = SeriesCollections.BucketId(bucket.MeterId, bucket.StartMs);
            if (collection.FindById(id) is { } existing)
            {
                var merged = SeriesBucket.FromDocument(existing);
                merged.Merge(bucket);
                collection.Update(merged.ToDocument());
            }
            else
            {
                collection.Insert(bucket.ToDocument());
            }
        }
    }
}
