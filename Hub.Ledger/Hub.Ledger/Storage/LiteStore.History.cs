using LiteDB;

namespace Hub.Ledger.Storage;

/// <summary>
/// Each meter's rule history, saved in the same transaction as the readings that changed it, so that after a
/// restart the rules continue exactly where they stopped (and <c>verify</c>, re-running them in id order, agrees).
/// </summary>
internal sealed partial class LiteStore
{
    private const string HistoryPrefix = "history:";

    public MeterHistory? LoadHistory(string meterId)
    {
        var doc = _meta.FindById(HistoryPrefix + meterId);
        if (doc is null)
        {
            return null;
        }

        return new MeterHistory(
            DateTimeOffset.FromUnixTimeMilliseconds(doc["t"].AsInt64),
            doc["s"].IsNull ? null : unchecked((ulong)doc["s"].AsInt64),
            doc["i"].IsNull ? null : doc["i"].AsDouble,
            doc["e"].IsNull ? null : doc["e"].AsDouble)
        {
            CountersAt = doc["c"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(doc["c"].AsInt64),
        };
    }

    private void SaveHistories(IReadOnlyDictionary<string, MeterHistory?>? histories)
    {
        foreach (var (meterId, h) in histories ?? new Dictionary<string, MeterHistory?>())
        {
            if (h is null)
            {
                continue;
            }

            _meta.Upsert(new BsonDocument
            {
                ["_id"] = HistoryPrefix + meterId,
                ["t"] = h.LastTimestamp.ToUnixTimeMilliseconds(),
                ["s"] = h.LastSeq is { } s ? unchecked((long)s) : BsonValue.Null,
                ["i"] = h.ImportWh is { } i ? i : BsonValue.Null,
                ["e"] = h.ExportWh is { } e ? e : BsonValue.Null,
                ["c"] = h.CountersAt is { } c ? c.ToUnixTimeMilliseconds() : BsonValue.Null,
            });
        }
    }
}
