using LiteDB;

namespace Hub.Ledger.Billing;

/// <summary>How an issued bill is laid out in the <c>bills</c> collection (<c>_id</c> = its sequence).</summary>
internal static class BillDocument
{
    public const string Collection = "bills";
    public const string PeriodStartKey = "ps";
    public const string RefersKey = "ref";

    public static BsonDocument ToDocument(Bill bill)
    {
        var lines = new BsonArray();
        foreach (var l in bill.Lines)
        {
            lines.Add(new BsonDocument
            {
                ["k"] = l.Kind,
                ["m"] = l.MeterId is null ? BsonValue.Null : l.MeterId,
                ["b"] = l.Band,
                ["e"] = l.Estimated,
                ["why"] = l.EstimateReason is null ? BsonValue.Null : l.EstimateReason,
                ["f"] = l.From.ToUnixTimeMilliseconds(),
                ["t"] = l.To.ToUnixTimeMilliseconds(),
                ["q"] = l.Quantity,
                ["u"] = l.Unit,
                ["p"] = l.UnitPrice,
                ["a"] = l.Amount,
                ["fr"] = Nullable(l.FirstReadingId),
                ["lr"] = Nullable(l.LastReadingId),
                ["fb"] = Nullable(l.FirstBlockHeight),
                ["lb"] = Nullable(l.LastBlockHeight),
            });
        }

        return new BsonDocument
        {
            ["_id"] = bill.Sequence,
            ["id"] = bill.Id,
            ["kind"] = bill.Kind,
            [RefersKey] = bill.Refers is null ? BsonValue.Null : bill.Refers,
            [PeriodStartKey] = bill.PeriodStart.ToUnixTimeMilliseconds(),
            ["pe"] = bill.PeriodEnd.ToUnixTimeMilliseconds(),
            ["cur"] = bill.Currency,
            ["tz"] = bill.TimeZone,
            ["lines"] = lines,
            ["total"] = bill.Total,
            ["minor"] = bill.TotalMinorUnits,
            ["at"] = bill.IssuedAt.ToUnixTimeMilliseconds(),
            ["hash"] = bill.Hash,
            ["lbh"] = bill.LastBlockHeight,
        };
    }

    public static Bill FromDocument(BsonDocument doc) => new(
        doc["id"].AsString,
        doc["_id"].AsInt64,
        doc["kind"].AsString,
        doc[RefersKey].IsNull ? null : doc[RefersKey].AsString,
        DateTimeOffset.FromUnixTimeMilliseconds(doc[PeriodStartKey].AsInt64),
        DateTimeOffset.FromUnixTimeMilliseconds(doc["pe"].AsInt64),
        doc["cur"].AsString,
        doc["tz"].AsString,
        [.. doc["lines"].AsArray.Select(v => Line(v.AsDocument))],
        doc["total"].AsDecimal,
        doc["minor"].AsInt64,
        DateTimeOffset.FromUnixTimeMilliseconds(doc["at"].AsInt64),
        doc["hash"].AsBinary,
        doc["lbh"].AsInt64);

    private static BillLine Line(BsonDocument l) => new(
        l["k"].AsString,
        l["m"].IsNull ? null : l["m"].AsString,
        l["b"].AsString,
        l["e"].AsBoolean,
        l["why"].IsNull ? null : l["why"].AsString,
        DateTimeOffset.FromUnixTimeMilliseconds(l["f"].AsInt64),
        DateTimeOffset.FromUnixTimeMilliseconds(l["t"].AsInt64),
        l["q"].AsDecimal,
        l["u"].AsString,
        l["p"].AsDecimal,
        l["a"].AsDecimal,
        Long(l["fr"]),
        Long(l["lr"]),
        Long(l["fb"]),
        Long(l["lb"]));

    private static BsonValue Nullable(long? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    private static long? Long(BsonValue value) => value.IsNull ? null : value.AsInt64;
}
