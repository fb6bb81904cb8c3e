using Hub.Ledger.Crypto;

namespace Hub.Ledger.Chain;

/// <summary>What the chain sync last saw, for <c>/health</c>; updated by <see cref="ChainSyncService"/>.</summary>
internal sealed class ChainStatusBoard(LedgerStore ledger, ChainOptions options) : IChainStatus
{
    private readonly Lock _gate = new();
    private string _status = "starting";
    private ulong? _chainId;
    private string? _hubId;
    private string? _address;
    private long? _anchored;
    private DateTimeOffset? _lastSyncAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private string? _pendingTx;
    private DateTimeOffset? _nextAttemptAt;
    private ChainOutbox? _outbox;

    public void Describe(ulong chainId, byte[] hubId, string address, ChainOutbox outbox)
    {
        lock (_gate)
        {
            _chainId = chainId;
            _hubId = Hex.Encode(hubId);
            _address = address;
            _outbox = outbox;
        }
    }

    public void Succeeded(DateTimeOffset at, long? anchored, string? pendingTx, DateTimeOffset next)
    {
        lock (_gate)
        {
            _anchored = anchored ?? _anchored;
            _pendingTx = pendingTx;
            _lastSyncAt = at;
            _lastError = null;
            _lastErrorAt = null;
            _nextAttemptAt = next;
            _status = "ok";
        }
    }

    public void Failed(DateTimeOffset at, string error, bool offline, long? anchored, string? pendingTx, DateTimeOffset next)
    {
        lock (_gate)
        {
            _anchored = anchored ?? _anchored;
            _pendingTx = pendingTx;
            _lastError = error;
            _lastErrorAt = at;
            _nextAttemptAt = next;
            _status = offline ? "offline" : "error";
        }
    }

    public ChainStatusReport Report()
    {
        if (!options.IsConfigured)
        {
            return ChainStatusReport.NotConfigured;
        }

        var store = ledger.IsOpen ? ledger.Store : null;
        var local = store?.Tip.Height ?? 0;
        lock (_gate)
        {
            var anchored = _anchored ?? (store is not null && _outbox is not null ? _outbox.AnchoredHeightSeen() : null);
            DateTimeOffset? behindSince = null;
            if (store is not null && local > (anchored ?? 0))
            {
                behindSince = store.GetBlock((anchored ?? 0) + 1)?.SealedAt;
            }

            var status = _status switch
            {
                "ok" => behindSince is null && _pendingTx is null ? "synced" : "syncing",
                var other => other,
            };
            return new ChainStatusReport(
                status,
                options.RpcUrl,
                _chainId,
                _hubId,
                _address,
                local,
                anchored,
                _lastSyncAt,
                behindSince,
                _lastError,
                _lastErrorAt,
                _pendingTx,
                store is not null && _outbox is not null ? _outbox.BillsWaiting() : 0,
                _nextAttemptAt);
        }
    }
}
