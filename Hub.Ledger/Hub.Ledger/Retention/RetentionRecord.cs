using LiteDB;

namespace Hub.Ledger.Retention;

/// <summary>
/// What retention has pruned: every reading with an id up to <see cref="PrunedThrough"/> is gone, and each meter's
/// rule history as it stood after the last pruned reading, so that <c>verify</c> re-runs the rules on the readings
/// that remain exactly as the writer did. Saved in the transaction that deletes the readings.
/// </summary>
internal sealed class RetentionRecord
{
    public const string Collection = "retention";
    private const string Id = "pruned";

    public long PrunedThrough { get; set; }

    public Dictionary<string, MeterHistory?> Histories { get; } = new(StringComparer.Ordinal);

    public static RetentionRecord Load(LiteDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var record = new RetentionRecord();
        var doc = db.GetCollection(Collection).FindById(Id);
        if (doc is null)
        {
            return record;
        }

        record.PrunedThrough = doc["through"].AsInt64;
        foreach (var (meter, value) in doc["histories"].AsDocument)
        {
            var h = value.AsDocument;
            record.Histories[meter] = new MeterHistory(
                DateTimeOffset.FromUnixTimeMilliseconds(h["t"].AsInt64),
                h["s"].IsNull ? null : unchecked((ulong)h["s"].AsInt64),
                h["i"].IsNull ? null : h["i"].AsDouble,
                h["e"].IsNull ? null : h["e"].AsDouble)
            {
                CountersAt = h["c"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(h["c"].AsInt64),
            };
        }

        return record;
    }

    public void Save(LiteDatabase db)
    {
        var histories = new BsonDocument();
        foreach (var (meter, h) in Histories)
        {
            if (h is null)
            {
                continue;
            }

            histories[meter] = new BsonDocument
            {
                ["t"] = h.LastTimestamp.ToUnixTimeMilliseconds(),
                ["s"] = h.LastSeq is { } s ? unchecked((long)s) : BsonValue.Null,
                ["i"] = h.ImportWh is { } i ? i : BsonValue.Null,
                ["e"] = h.ExportWh is { } e ? e : BsonValue.Null,
                ["c"] = h.CountersAt is { } c ? c.ToUnixTimeMilliseconds() : BsonValue.Null,
            };
        }

        db.GetCollection(Collection).Upsert(new BsonDocument { ["_id"] = Id, ["through"] = PrunedThrough, ["histories"] = histories });
    }
}
