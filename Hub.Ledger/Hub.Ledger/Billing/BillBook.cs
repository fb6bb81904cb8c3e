using System.Globalization;
using LiteDB;

namespace Hub.Ledger.Billing;

/// <summary>
/// The read side of the <c>bills</c> collection (writes happen only in <see cref="BillIssuer"/>, on the single
/// writer), and the feed of issued bills to the chain sync.
/// </summary>
internal sealed class BillBook(LedgerStore store, BillingConfig config) : IBillBook, IBillSettlementFeed
{
    public Tariff? Tariff => config.Tariff;

    public IReadOnlyList<Bill> List(long? beforeSequence, int limit)
    {
        var bills = Collection;
        var query = beforeSequence is { } b ? bills.Query().Where(Query.LT("_id", b)) : bills.Query();
        return [.. query.OrderByDescending("_id").Limit(limit).ToDocuments().Select(BillDocument.FromDocument)];
    }

    public Bill? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length < 3 || id[1] != '-' || (id[0] != 'B' && id[0] != 'C')
            || !long.TryParse(id.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return null;
        }

        var doc = Collection.FindById(sequence);
        return doc is null || !string.Equals(doc["id"].AsString, id, StringComparison.Ordinal) ? null : BillDocument.FromDocument(doc);
    }

    public IReadOnlyList<Bill> ReferringTo(string id) =>
        [.. Collection.Find(Query.EQ(BillDocument.RefersKey, id)).OrderBy(d => d["_id"].AsInt64).Select(BillDocument.FromDocument)];

    public IReadOnlyList<BillToSettle> IssuedAfter(long afterSequence, int limit) =>
        [.. Collection.Query().Where(Query.GT("_id", afterSequence)).OrderBy("_id").Limit(limit).ToDocuments()
            .Select(BillDocument.FromDocument)
            .Select(b => new BillToSettle(b.Sequence, b.Id, b.Hash, b.TotalMinorUnits, b.Currency, b.LastBlockHeight))];

    private ILiteCollection<BsonDocument> Collection => store.Store.Database.GetCollection(BillDocument.Collection);
}
