namespace Hub.Ledger;

/// <summary>
/// How far an issued bill got towards settlement on chain, read from the chain sync's own records (docs/ledger.md
/// "On chain"). Cheap: a lookup by the bill's sequence, callable from any thread.
/// </summary>
public interface IBillSettlementStatus
{
    /// <summary>The settlement of the bill with <paramref name="sequence"/> and <paramref name="billId"/>.</summary>
    BillSettlementState Find(long sequence, string billId, long lastBlockHeight);
}

/// <summary>One bill's settlement on chain.</summary>
/// <param name="Status">
/// <c>not-on-chain</c> (with <paramref name="Reason"/>: no chain configured, a credit note, another currency),
/// <c>waiting-for-anchor</c> (its last block is not anchored yet), <c>submitting</c> (anchored, submission on its way),
/// <c>submitted</c> (on chain, in its dispute window), <c>settled</c>, <c>disputed</c> or <c>cancelled</c>.
/// </param>
/// <param name="Reason">Why it is not on chain, or null.</param>
/// <param name="SettlementTx">The transaction that paid it (0x-hex) once settled by this hub, else null.</param>
public sealed record BillSettlementState(string Status, string? Reason, string? SettlementTx)
{
    public const string NotOnChain = "not-on-chain";
    public const string WaitingForAnchor = "waiting-for-anchor";
    public const string Submitting = "submitting";
    public const string Submitted = "submitted";
    public const string Settled = "settled";
    public const string Disputed = "disputed";
    public const string Cancelled = "cancelled";

    /// <summary>A hub without <c>Chain</c> in hub.json.</summary>
    public static BillSettlementState NoChain { get; } = new(NotOnChain, "no Chain section in hub.json", null);
}
