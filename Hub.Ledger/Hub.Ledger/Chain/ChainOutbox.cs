using System.Globalization;
using System.Numerics;
using Hub.Ledger.Storage;
using LiteDB;

namespace Hub.Ledger.Chain;

/// <summary>
/// The chain sync's durable state in the ledger's LiteDB: the transactions (<c>chainoutbox</c>), the bills taken
/// from billing (<c>chainbills</c>) and a small state document (<c>chainsync</c>). Every write runs on the single
/// writer in one fsynced transaction (<see cref="IngestWriter.RunOnWriterAsync{T}"/>); reads go to the database directly.
/// </summary>
internal sealed class ChainOutbox(LedgerStore ledger, IngestWriter writer)
{
    public const string Collection = "chainoutbox";
    public const string BillsCollection = "chainbills";
    public const string StateCollection = "chainsync";
    private const string StateId = "state";

    private LiteDatabase Db => ledger.Store.Database;

    /// <summary>The transaction sent and not resolved yet (the sync keeps at most one in flight).</summary>
    public OutboxEntry? InFlight()
    {
        var doc = Db.GetCollection(Collection).Find(Query.EQ("state", OutboxEntry.Signed)).OrderBy(d => d["_id"].AsInt64).FirstOrDefault();
        return doc is null ? null : FromDocument(doc);
    }

    public IReadOnlyList<OutboxEntry> All() => [.. Db.GetCollection(Collection).FindAll().Select(FromDocument).OrderBy(e => e.Id)];

    /// <summary>Records a signed transaction (durably) and returns it with its id. Call before broadcasting it.</summary>
    public Task<OutboxEntry> RecordAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            var collection = db.GetCollection(Collection);
            var id = (collection.Query().OrderByDescending("_id").Limit(1).FirstOrDefault() is { } last ? last["_id"].AsInt64 : 0) + 1;
            var recorded = entry with { Id = id };
            collection.Insert(ToDocument(recorded));
            return recorded;
        }), cancellationToken);

    /// <summary>Records a replacement (same nonce, higher fees) before it is broadcast.</summary>
    public Task<OutboxEntry> RecordReplacementAsync(OutboxEntry entry, byte[] raw, string hash, BigInteger tip, BigInteger maxFee, DateTimeOffset at, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            var replaced = entry with { Raw = raw, Hashes = [.. entry.Hashes, hash], Tip = tip, MaxFee = maxFee, SentAt = at };
            db.GetCollection(Collection).Update(ToDocument(replaced));
            return replaced;
        }), cancellationToken);

    public Task MarkAsync(OutboxEntry entry, string state, string? error, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            db.GetCollection(Collection).Update(ToDocument(entry with { State = state, Error = error }));
            return true;
        }), cancellationToken);

    /// <summary>An anchor's receipt succeeded: the entry is confirmed and its blocks carry the transaction hash, in one transaction.</summary>
    public Task ConfirmAnchorAsync(OutboxEntry entry, string txHash, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            MarkConfirmed(db, entry, txHash);
            SetAnchors(db, Enumerable.Range(0, entry.Count).ToDictionary(i => entry.FirstHeight + i, _ => txHash));
            var state = LoadState(db);
            state["anchored"] = Math.Max(state["anchored"].AsInt64, entry.FirstHeight + entry.Count - 1);
            db.GetCollection(StateCollection).Upsert(state);
            return true;
        }), cancellationToken);

    /// <summary>A transaction without local effects succeeded (the market's): the entry is confirmed.</summary>
    public Task ConfirmAsync(OutboxEntry entry, string txHash, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            MarkConfirmed(db, entry, txHash);
            return true;
        }), cancellationToken);

    /// <summary>A bills transaction succeeded: the entry is confirmed and the bills move to the given states.</summary>
    public Task ConfirmBillsAsync(OutboxEntry entry, string txHash, IReadOnlyDictionary<long, string> billStates, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            MarkConfirmed(db, entry, txHash);
            UpdateBills(db, billStates, txHash);
            return true;
        }), cancellationToken);

    /// <summary>Blocks anchored on chain whose transaction the store did not know (learnt from the Anchored events).</summary>
    public Task SetAnchorTxAsync(IReadOnlyDictionary<long, string> anchors, long anchoredHeight, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            SetAnchors(db, anchors);
            var state = LoadState(db);
            state["anchored"] = anchoredHeight;
            db.GetCollection(StateCollection).Upsert(state);
            return true;
        }), cancellationToken);

    /// <summary>The anchored height last confirmed by this hub (shown while the chain cannot be reached).</summary>
    public long AnchoredHeightSeen() => LoadState(Db)["anchored"].AsInt64;

    /// <summary>The last feed sequence taken.</summary>
    public long BillSequence() => LoadState(Db)["billSeq"].AsInt64;

    /// <summary>Takes bills from the feed: stores them and advances the sequence, in one transaction.</summary>
    public Task TakeBillsAsync(IReadOnlyList<ChainBill> bills, long lastSequence, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            var collection = db.GetCollection(BillsCollection);
            foreach (var bill in bills)
            {
                collection.Upsert(ToDocument(bill));
            }

            var state = LoadState(db);
            state["billSeq"] = lastSequence;
            db.GetCollection(StateCollection).Upsert(state);
            return true;
        }), cancellationToken);

    public IReadOnlyList<ChainBill> Bills(string state, int limit) =>
        [.. Db.GetCollection(BillsCollection).Find(Query.EQ("state", state)).Select(FromBillDocument).OrderBy(b => b.Sequence).Take(limit)];

    public IReadOnlyList<ChainBill> AllBills() => [.. Db.GetCollection(BillsCollection).FindAll().Select(FromBillDocument).OrderBy(b => b.Sequence)];

    public long BillsWaiting() =>
        Db.GetCollection(BillsCollection).Count(Query.Or(Query.EQ("state", ChainBill.New), Query.EQ("state", ChainBill.Submitted)));

    public Task SetBillStatesAsync(IReadOnlyDictionary<long, string> states, string? note, CancellationToken cancellationToken) =>
        writer.RunOnWriterAsync(store => store.Transact(db =>
        {
            UpdateBills(db, states, note);
            return true;
        }), cancellationToken);

    /// <summary>The entry is confirmed by <paramref name="txHash"/>, which goes last in its hashes (the version that was mined).</summary>
    private static void MarkConfirmed(LiteDatabase db, OutboxEntry entry, string txHash) =>
        db.GetCollection(Collection).Update(ToDocument(entry with { State = OutboxEntry.Confirmed, Error = null, Hashes = [.. entry.Hashes.Where(h => h != txHash), txHash] }));

    private static void UpdateBills(LiteDatabase db, IReadOnlyDictionary<long, string> states, string? note)
    {
        var collection = db.GetCollection(BillsCollection);
        foreach (var (sequence, state) in states)
        {
            var doc = collection.FindById(sequence);
            if (doc is not null)
            {
                doc["state"] = state;
                doc["note"] = note is null ? BsonValue.Null : note;
                collection.Update(doc);
            }
        }
    }

    private static void SetAnchors(LiteDatabase db, IReadOnlyDictionary<long, string> anchors)
    {
        var blocks = db.GetCollection(BlockDocument.Collection);
        foreach (var (height, tx) in anchors)
        {
            var doc = blocks.FindById(height);
            if (doc is not null)
            {
                doc["anchor"] = tx;
                blocks.Update(doc);
            }
        }
    }

    private static BsonDocument LoadState(LiteDatabase db) =>
        db.GetCollection(StateCollection).FindById(StateId) ?? new BsonDocument { ["_id"] = StateId, ["anchored"] = 0L, ["billSeq"] = 0L };

    private static BsonDocument ToDocument(OutboxEntry e) => new()
    {
        ["_id"] = e.Id,
        ["kind"] = e.Kind,
        ["first"] = e.FirstHeight,
        ["count"] = e.Count,
        ["bills"] = new BsonArray(e.Bills.Select(b => new BsonValue(b))),
        ["to"] = e.To,
        ["data"] = e.Data,
        ["gas"] = (long)e.Gas,
        ["nonce"] = (long)e.Nonce,
        ["tip"] = e.Tip.ToString(CultureInfo.InvariantCulture),
        ["maxFee"] = e.MaxFee.ToString(CultureInfo.InvariantCulture),
        ["raw"] = e.Raw,
        ["hashes"] = new BsonArray(e.Hashes.Select(h => new BsonValue(h))),
        ["state"] = e.State,
        ["sentAt"] = e.SentAt.ToUnixTimeMilliseconds(),
        ["error"] = e.Error is null ? BsonValue.Null : e.Error,
        ["value"] = e.Value.ToString(CultureInfo.InvariantCulture),
        ["note"] = e.Note is null ? BsonValue.Null : e.Note,
    };

    private static OutboxEntry FromDocument(BsonDocument d) => new(
        d["_id"].AsInt64,
        d["kind"].AsString,
        d["first"].AsInt64,
        d["count"].AsInt32,
        [.. d["bills"].AsArray.Select(b => b.AsInt64)],
        d["to"].AsString,
        d["data"].AsBinary,
        (ulong)d["gas"].AsInt64,
        (ulong)d["nonce"].AsInt64,
        BigInteger.Parse(d["tip"].AsString, CultureInfo.InvariantCulture),
        BigInteger.Parse(d["maxFee"].AsString, CultureInfo.InvariantCulture),
        d["raw"].AsBinary,
        [.. d["hashes"].AsArray.Select(h => h.AsString)],
        d["state"].AsString,
        DateTimeOffset.FromUnixTimeMilliseconds(d["sentAt"].AsInt64),
        d["error"].IsString ? d["error"].AsString : null,
        d["value"].IsString ? BigInteger.Parse(d["value"].AsString, CultureInfo.InvariantCulture) : BigInteger.Zero, // absent in outboxes written before the market
        d["note"].IsString ? d["note"].AsString : null);

    private static BsonDocument ToDocument(ChainBill b) => new()
    {
        ["_id"] = b.Sequence,
        ["billId"] = b.BillId,
        ["chainId"] = b.ChainBillId,
        ["hash"] = b.BillHash,
        ["amount"] = b.Amount.ToString(CultureInfo.InvariantCulture),
        ["height"] = b.BlockHeight,
        ["state"] = b.State,
        ["note"] = b.Note is null ? BsonValue.Null : b.Note,
    };

    private static ChainBill FromBillDocument(BsonDocument d) => new(
        d["_id"].AsInt64,
        d["billId"].AsString,
        d["chainId"].AsBinary,
        d["hash"].AsBinary,
        BigInteger.Parse(d["amount"].AsString, CultureInfo.InvariantCulture),
        d["height"].AsInt64,
        d["state"].AsString,
        d["note"].IsString ? d["note"].AsString : null);
}
