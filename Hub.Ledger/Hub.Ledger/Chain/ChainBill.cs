using System.Numerics;

namespace Hub.Ledger.Chain;

/// <summary>A bill the chain sync took from <see cref="IBillSettlementFeed"/>, and how far it got on chain.</summary>
/// <param name="Sequence">The feed's sequence.</param>
/// <param name="BillId">The bill's id in the API.</param>
/// <param name="ChainBillId">Its bytes32 id in BillSettlement (<see cref="HubIds.BillId"/>).</param>
/// <param name="BillHash">keccak256 of the bill document.</param>
/// <param name="Amount">In contract units (<c>Chain:AmountPerMinorUnit</c> × minor units).</param>
/// <param name="BlockHeight">The block that must be anchored first.</param>
/// <param name="State"><c>new</c>, <c>submitted</c>, <c>settled</c>, <c>disputed</c>, <c>cancelled</c> or <c>skipped</c>.</param>
/// <param name="Note">Why it was skipped, or the transaction that moved it last.</param>
internal sealed record ChainBill(long Sequence, string BillId, byte[] ChainBillId, byte[] BillHash, BigInteger Amount, long BlockHeight, string State, string? Note)
{
    public const string New = "new";
    public const string Submitted = "submitted";
    public const string Settled = "settled";
    public const string Disputed = "disputed";
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";
}
