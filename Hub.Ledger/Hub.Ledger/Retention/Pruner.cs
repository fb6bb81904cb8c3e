using Hub.Ledger.Storage;
using LiteDB;

namespace Hub.Ledger.Retention;

/// <summary>
/// Deletes the oldest raw readings that retention allows, in one writer transaction (<see cref="LiteStore.Transact{T}"/>):
/// only readings sealed in blocks that <see cref="RetentionPolicy.Allows"/>, already rolled up, from the oldest on
/// without holes. Blocks, their leaves and the roll-ups are kept.
/// </summary>
internal static class Pruner
{
    /// <summary>Prunes at most <paramref name="maxReadings"/> readings; returns how many were deleted.</summary>
    public static int RunBatch(LiteDatabase db, RetentionPolicy policy, long rolledThrough, DateTimeOffset now, int maxReadings)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Days is null)
        {
            return 0;
        }

        var record = RetentionRecord.Load(db);
        var limit = Math.Min(record.PrunedThrough + maxReadings, rolledThrough);
        var through = record.PrunedThrough;
        foreach (var doc in db.GetCollection(BlockDocument.Collection).Query().Where(Query.GT("lid", record.PrunedThrough)).OrderBy("_id").ToDocuments())
        {
            var block = BlockDocument.FromDocument(doc);
            if (!policy.Allows(block, now) || through >= limit)
            {
                break;
            }

            through = Math.Min(block.Header.LastReadingId, limit);
        }

        if (through <= record.PrunedThrough)
        {
            return 0;
        }

        var readings = db.GetCollection(ReadingDocument.Collection);
        foreach (var doc in readings.Find(Query.Between("_id", record.PrunedThrough + 1, through)))
        {
            var stored = ReadingDocument.FromDocument(doc);
            var meter = stored.Reading.MeterId;
            record.Histories[meter] = MeterHistory.After(record.Histories.GetValueOrDefault(meter), stored.Reading, stored.Valid);
        }

        var deleted = readings.DeleteMany(Query.Between("_id", record.PrunedThrough + 1, through));
        record.PrunedThrough = through;
        record.Save(db);
        return deleted;
    }
}
