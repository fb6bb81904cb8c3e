namespace Hub.Ledger.Chain;

/// <summary>The chain link as <c>/health</c> shows it (docs/config.md "Chain").</summary>
/// <param name="Status">
/// <c>not-configured</c>; <c>starting</c>; <c>synced</c> (every sealed block anchored); <c>syncing</c> (behind, the
/// chain reachable, transactions going out); <c>offline</c> (the node cannot be reached or does not answer);
/// <c>error</c> (reachable but refusing: wrong chain id, unfunded key, not registered, reverted transaction).
/// </param>
/// <param name="RpcUrl">The node.</param>
/// <param name="ChainId">The chain id expected.</param>
/// <param name="HubId">The hub's bytes32 id, 0x hex.</param>
/// <param name="Address">The hub key's address, which sends the transactions.</param>
/// <param name="LocalHeight">The newest sealed block.</param>
/// <param name="AnchoredHeight">The newest block anchored on chain, as last read from the chain.</param>
/// <param name="LastSyncAt">When a sync pass last completed with the chain reachable and nothing refused.</param>
/// <param name="BehindSince">When the oldest block not anchored yet was sealed; null when nothing is behind.</param>
/// <param name="LastError">The last failure in words; null once a pass succeeds.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="PendingTx">The transaction sent and waiting for its receipt, if any.</param>
/// <param name="BillsWaiting">Bills taken from billing and not settled (nor skipped) yet.</param>
/// <param name="NextAttemptAt">When the next pass runs (later after failures: exponential back-off).</param>
public sealed record ChainStatusReport(
    string Status,
    string? RpcUrl,
    ulong? ChainId,
    string? HubId,
    string? Address,
    long LocalHeight,
    long? AnchoredHeight,
    DateTimeOffset? LastSyncAt,
    DateTimeOffset? BehindSince,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    string? PendingTx,
    long BillsWaiting,
    DateTimeOffset? NextAttemptAt)
{
    public static ChainStatusReport NotConfigured { get; } = new("not-configured", null, null, null, null, 0, null, null, null, null, null, null, 0, null);
}
