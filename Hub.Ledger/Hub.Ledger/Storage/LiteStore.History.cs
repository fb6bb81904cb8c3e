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
            PowerW = doc["p"].IsNull ? null : doc["p"].AsDouble,
            Trail = doc["tr"].IsArray ? ReadTrail(doc["tr"].AsArray) : null,
        };
    }

    // The trail as one flat array [ms, Wh, ms, Wh, ...]: compact, and read back in the same order.
    private static CounterPoint[] ReadTrail(BsonArray flat)
    {
        var points = new CounterPoint[flat.Count / 2];
        for (var k = 0; k < points.Length; k++)
        {
            points[k] = new CounterPoint(DateTimeOffset.FromUnixTimeMilliseconds(flat[2 * k].AsInt64), flat[(2 * k) + 1].AsDouble);
        }

        return points;
    }

    private static BsonValue WriteTrail(IReadOnlyList<CounterPoint>? trail)
    {
        if (trail is null)
        {
            return BsonValue.Null;
        }

        var flat = new BsonArray();
        foreach (var point in trail)
        {
            flat.Add(point.At.ToUnixTimeMilliseconds());
            flat.Add(point.Wh);
        }

        return flat;
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
                ["p"] = h.PowerW is { } p ? p : BsonValue.Null,
                ["tr"] = WriteTrail(h.Trail),
            });
        }
    }
}
