using LiteDB;

namespace Hub.Ledger.Series;

/// <summary>
/// How far the roll-ups go: every reading with an id up to <see cref="RolledThrough"/> is in the buckets, and each
/// meter's last valid counters (the base of the next energy step). Saved in the same transaction as the buckets, so
/// a crash leaves them either both before or both after a batch, never half.
/// </summary>
internal sealed class RollupState
{
    public long RolledThrough { get; set; }

    /// <summary>The newest reading timestamp rolled up so far (ms), for the answer's <c>rolledThrough</c>.</summary>
    public long? NewestMs { get; set; }

    public Dictionary<string, (double? ImportWh, double? ExportWh)> Counters { get; } = new(StringComparer.Ordinal);

    /// <summary>The saved state, or null when there is none (or one of another layout version): roll up from scratch.</summary>
    public static RollupState? Load(LiteDatabase db)
    {
        var doc = db.GetCollection(SeriesCollections.State).FindById(SeriesCollections.StateId);
        if (doc is null || !doc.TryGetValue("ver", out var ver) || ver.AsInt32 != SeriesCollections.Version)
        {
            return null;
        }

        var state = new RollupState
        {
            RolledThrough = doc["hw"].AsInt64,
            NewestMs = doc["newest"].IsNull ? null : doc["newest"].AsInt64,
        };
        foreach (var (meter, value) in doc["meters"].AsDocument)
        {
            var c = value.AsDocument;
            state.Counters[meter] = (c["i"].IsNull ? null : c["i"].AsDouble, c["e"].IsNull ? null : c["e"].AsDouble);
        }

        return state;
    }

    public void Save(LiteDatabase db)
    {
        var meters = new BsonDocument();
        foreach (var (meter, (import, export)) in Counters)
        {
            meters[meter] = new BsonDocument
            {
                ["i"] = import is { } i ? i : BsonValue.Null,
                ["e"] = export is { } e ? e : BsonValue.Null,
            };
        }

        db.GetCollection(SeriesCollections.State).Upsert(new BsonDocument
        {
            ["_id"] = SeriesCollections.StateId,
            ["ver"] = SeriesCollections.Version,
            ["hw"] = RolledThrough,
            ["newest"] = NewestMs is { } n ? n : BsonValue.Null,
            ["meters"] = meters,
        });
    }
}
