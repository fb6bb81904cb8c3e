using System.Buffers;
using LiteDB;

namespace Hub.Ledger.Chain;

/// <summary>
/// <see cref="IBillSettlementStatus"/> from <c>chainbills</c> (a primary-key lookup: the chain sync keys its bills by
/// the feed's sequence) and the anchored height the sync last confirmed.
/// </summary>
internal sealed class ChainBillStatus(LedgerStore ledger, ChainOptions options) : IBillSettlementStatus
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public BillSettlementState Find(long sequence, string billId, long lastBlockHeight)
    {
        ArgumentNullException.ThrowIfNull(billId);
        if (!options.IsConfigured)
        {
            return BillSettlementState.NoChain;
        }

        if (!ledger.IsOpen)
        {
            return new BillSettlementState(BillSettlementState.WaitingForAnchor, null, null);
        }

        var db = ledger.Store.Database;
        var doc = db.GetCollection(ChainOutbox.BillsCollection).FindById(sequence);
        if (doc is null || doc["billId"].AsString != billId)
        {
            // Not taken by the sync yet: it takes bills once every sealed block is anchored.
            return new BillSettlementState(BillSettlementState.WaitingForAnchor, null, null);
        }

        var note = doc["note"].IsString ? doc["note"].AsString : null;
        return doc["state"].AsString switch
        {
            ChainBill.Skipped => new BillSettlementState(BillSettlementState.NotOnChain, note, null),
            ChainBill.Submitted => new BillSettlementState(BillSettlementState.Submitted, null, null),
            // The sync notes the settling transaction's hash; "read from chain" means someone else settled it.
            ChainBill.Settled => new BillSettlementState(BillSettlementState.Settled, null, IsTxHash(note) ? note : null),
            ChainBill.Disputed => new BillSettlementState(BillSettlementState.Disputed, null, null),
            ChainBill.Cancelled => new BillSettlementState(BillSettlementState.Cancelled, null, null),
            _ => AnchoredHeight(db) >= doc["height"].AsInt64
                ? new BillSettlementState(BillSettlementState.Submitting, null, null)
                : new BillSettlementState(BillSettlementState.WaitingForAnchor, null, null),
        };
    }

    private static long AnchoredHeight(LiteDatabase db) =>
        db.GetCollection(ChainOutbox.StateCollection).FindById("state") is { } state ? state["anchored"].AsInt64 : 0;

    private static bool IsTxHash(string? note) =>
        note is { Length: 66 } && note.StartsWith("0x", StringComparison.Ordinal) && !note.AsSpan(2).ContainsAnyExcept(LowerHex);
}
