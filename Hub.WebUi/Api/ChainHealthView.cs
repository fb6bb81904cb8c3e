using Hub.Ledger.Chain;

namespace Hub.WebUi.Api;

/// <summary>
/// The chain link in <c>GET /health</c> (docs/config.md "Chain"): <c>not-configured</c> without <c>Chain:RpcUrl</c>;
/// else <c>starting</c>, <c>synced</c>, <c>syncing</c>, <c>offline</c> or <c>error</c>, with the heights, since when
/// the chain is behind and the last error in words. The chain's state does not make the hub unhealthy: it goes on
/// storing and sealing, and catches up when the chain is back.
/// </summary>
public sealed record ChainHealthView(
    string Status,
    string? RpcUrl = null,
    ulong? ChainId = null,
    string? HubId = null,
    string? Address = null,
    long LocalHeight = 0,
    long? AnchoredHeight = null,
    DateTimeOffset? LastSyncAt = null,
    DateTimeOffset? BehindSince = null,
    string? LastError = null,
    DateTimeOffset? LastErrorAt = null,
    string? PendingTx = null,
    long BillsWaiting = 0,
    DateTimeOffset? NextAttemptAt = null)
{
    public static ChainHealthView From(ChainStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ChainHealthView(report.Status, report.RpcUrl, report.ChainId, report.HubId, report.Address, report.LocalHeight,
            report.AnchoredHeight, report.LastSyncAt, report.BehindSince, report.LastError, report.LastErrorAt, report.PendingTx,
            report.BillsWaiting, report.NextAttemptAt);
    }
}
