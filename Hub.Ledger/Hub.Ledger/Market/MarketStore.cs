using System.Globalization;
using System.Numerics;
using LiteDB;

namespace Hub.Ledger.Market;

/// <summary>
/// The agent's orders in the ledger's LiteDB (collection <c>marketorders</c>). Writes run on the single writer in one
/// fsynced transaction; reads go to the database directly, from any thread.
/// </summary>
internal sealed class MarketStore(LedgerStore ledger, IngestWriter writer)
{
    public const string Collection = "marketorders";

    private LiteDatabase Db => ledger.Store.Database;

    public bool IsOpen => ledger.IsOpen;

    public MarketOrderRecord? Get(long interval) => Db.GetCollection(Collection).FindById(interval) is { } doc ? FromDocument(doc) : null;

    /// <summary>Newest interval first.</summary>
    public IReadOnlyList<MarketOrderRecord> List(long? beforeInterval, int limit)
    {
        var query = Db.GetCollection(Collection).Query();
        if (beforeInterval is { } before)
        {
            query = query.Where(Query.LT("_id", before));
        }

        return [.. query.OrderByDescending("_id").Limit(limit).ToDocuments().Select(FromDocument)];
    }

    /// <summary>The orders with something left to do on chain, oldest first.</summary>
    public IReadOnlyList<MarketOrderRecord> Active() =>
        [.. Db.GetCollection(Collection).Find(Query.In("state", MarketOrderRecord.Queued, MarketOrderRecord.Placed, MarketOrderRecord.Filled))
            .Select(FromDocument).OrderBy(r => r.Interval)];

    /// <summary>Every order that reached a trade, for the totals.</summary>
    public IReadOnlyList<MarketOrderRecord> WithTrades() =>
        [.. Db.GetCollection(Collection).Find(Query.In("state", MarketOrderRecord.Filled, MarketOrderRecord.Settled)).Select(FromDocument)];

    public Task SaveAsync(MarketOrderRecord record, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db => Orders(db).Upsert(ToDocument(record))), cancellationToken);

    /// <summary>Inserts when the interval has no order yet; false when it has one.</summary>
    public Task<bool> AddAsync(MarketOrderRecord record, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            var collection = Orders(db);
            if (collection.FindById(record.Interval) is not null)
            {
                return false;
            }

            collection.Insert(ToDocument(record));
            return true;
        }), cancellationToken);

    /// <summary>
    /// The collection, indexed by state (as the bills are by period; a no-op once it exists): the agent reads the
    /// active orders on every pass and the status sums the traded ones, while the collection grows by one order per
    /// interval traded.
    /// </summary>
    private static ILiteCollection<BsonDocument> Orders(LiteDatabase db)
    {
        var collection = db.GetCollection(Collection);
        collection.EnsureIndex("state");
        return collection;
    }

    private static BsonValue Text(BigInteger? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : BsonValue.Null;

    private static BsonValue Text(string? value) => value is null ? BsonValue.Null : value;

    private static BigInteger? Big(BsonValue value) => value.IsString ? BigInteger.Parse(value.AsString, CultureInfo.InvariantCulture) : null;

    private static string? Str(BsonValue value) => value.IsString ? value.AsString : null;

    private static long? Long(BsonValue value) => value.IsNumber ? value.AsInt64 : null;

    private static BsonDocument ToDocument(MarketOrderRecord r) => new()
    {
        ["_id"] = r.Interval,
        ["bid"] = r.IsBid,
        ["energyWh"] = r.EnergyWh,
        ["priceWei"] = r.PriceWei.ToString(CultureInfo.InvariantCulture),
        ["pricePerKwh"] = r.PricePerKwh.ToString(CultureInfo.InvariantCulture),
        ["origin"] = r.Origin,
        ["state"] = r.State,
        ["reason"] = Text(r.Reason),
        ["createdAt"] = r.CreatedAt.ToUnixTimeMilliseconds(),
        ["orderId"] = Text(r.OrderId),
        ["placeTx"] = Text(r.PlaceTx),
        ["filledWh"] = r.FilledWh is { } f ? f : BsonValue.Null,
        ["clearingPriceWei"] = Text(r.ClearingPriceWei),
        ["measuredWh"] = r.MeasuredWh is { } m ? m : BsonValue.Null,
        ["proofTx"] = Text(r.ProofTx),
        ["released"] = r.Released,
        ["trades"] = new BsonArray(r.Trades.Select(t => new BsonDocument
        {
            ["bidId"] = t.BidId.ToString(CultureInfo.InvariantCulture),
            ["offerId"] = t.OfferId.ToString(CultureInfo.InvariantCulture),
            ["energyWh"] = t.EnergyWh,
            ["settled"] = t.Settled,
            ["deliveredWh"] = t.DeliveredWh is { } d ? d : BsonValue.Null,
            ["paidWei"] = Text(t.PaidWei),
            ["refundedWei"] = Text(t.RefundedWei),
            ["settleTx"] = Text(t.SettleTx),
        })),
    };

    private static MarketOrderRecord FromDocument(BsonDocument d) => new(
        d["_id"].AsInt64,
        d["bid"].AsBoolean,
        d["energyWh"].AsInt64,
        BigInteger.Parse(d["priceWei"].AsString, CultureInfo.InvariantCulture),
        decimal.Parse(d["pricePerKwh"].AsString, CultureInfo.InvariantCulture),
        d["origin"].AsString,
        d["state"].AsString,
        Str(d["reason"]),
        DateTimeOffset.FromUnixTimeMilliseconds(d["createdAt"].AsInt64))
    {
        OrderId = Big(d["orderId"]),
        PlaceTx = Str(d["placeTx"]),
        FilledWh = Long(d["filledWh"]),
        ClearingPriceWei = Big(d["clearingPriceWei"]),
        MeasuredWh = Long(d["measuredWh"]),
        ProofTx = Str(d["proofTx"]),
        Released = d["released"].AsBoolean,
        Trades = [.. d["trades"].AsArray.Select(v => v.AsDocument).Select(t => new MarketTradeRecord(
            BigInteger.Parse(t["bidId"].AsString, CultureInfo.InvariantCulture),
            BigInteger.Parse(t["offerId"].AsString, CultureInfo.InvariantCulture),
            t["energyWh"].AsInt64)
        {
            Settled = t["settled"].AsBoolean,
            DeliveredWh = Long(t["deliveredWh"]),
            PaidWei = Big(t["paidWei"]),
            RefundedWei = Big(t["refundedWei"]),
            SettleTx = Str(t["settleTx"]),
        })],
    };
}
