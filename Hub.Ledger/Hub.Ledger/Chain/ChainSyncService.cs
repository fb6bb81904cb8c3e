using Hub.Ledger.Blocks;
using Hub.Ledger.Evm.Rpc;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Chain;

/// <summary>
/// Runs <see cref="ChainSync"/> passes while the hub runs: right away while there is work, every
/// <c>Chain:PollSeconds</c> when idle, with exponential back-off up to <c>Chain:MaxBackoffSeconds</c> after failures.
/// A failure never stops the hub: ingest and sealing go on, the outbox keeps what is to be sent, <c>/health</c> says why.
/// </summary>
internal sealed partial class ChainSyncService(
    IOptions<ChainOptions> options,
    LedgerStore ledger,
    ChainOutbox outbox,
    ChainDeploymentFile deploymentFile,
    ChainStatusBoard board,
    HubSigningKey key,
    Market.MarketBoard marketBoard,
    Market.MarketStore marketStore,
    IOptions<Market.MarketOptions> marketOptions,
    MeterCatalog meters,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ChainSyncService> logger) : BackgroundService
{
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            return;
        }

        var deployment = deploymentFile.Load(o.Contracts!);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var rpc = new EthRpcClient(http, new Uri(o.RpcUrl!), TimeSpan.FromSeconds(o.RpcTimeoutSeconds), time);
        var bills = services.GetService<IBillSettlementFeed>();
        var hubId = HubIds.Resolve(o.HubId, deployment);
        var market = marketBoard.IsConfigured
            ? new Market.MarketAgent(marketOptions.Value, marketStore, ledger, rpc, deployment.EnergyMarket!, hubId, key.Key.ChecksumAddress, deployment.FromBlock, meters, marketBoard.Prices, marketBoard, time)
            : null;
        var sync = new ChainSync(o, deployment, rpc, key.Key, outbox, ledger, bills, time, market);
        board.Describe(sync.ExpectedChainId, sync.HubId, sync.Address, outbox);
        var hubHex = Crypto.Hex.Encode(sync.HubId);
        LogStarting(o.RpcUrl!, sync.ExpectedChainId, hubHex, sync.Address, bills is not null, deployment.EnergyMarket ?? "none");

        var poll = TimeSpan.FromSeconds(o.PollSeconds);
        var maxBackoff = TimeSpan.FromSeconds(o.MaxBackoffSeconds);
        var failures = 0;
        string? lastError = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                var busy = await sync.RunPassAsync(stoppingToken).ConfigureAwait(false);
                delay = busy ? BusyPause : poll;
                if (lastError is not null)
                {
                    LogRecovered(sync.AnchoredHeight ?? 0);
                }

                failures = 0;
                lastError = null;
                board.Succeeded(time.GetUtcNow(), sync.AnchoredHeight, sync.PendingTx, time.GetUtcNow() + delay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (IngestClosedException)
            {
                return; // the hub is stopping: the writer no longer takes work
            }
#pragma warning disable CA1031 // The sync must survive anything a node or the network does; the failure is reported, not thrown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                var offline = ex is ChainSyncException { Offline: true };
                var message = ex is ChainSyncException ? ex.Message : $"unexpected failure: {ex.GetType().Name}: {ex.Message}";
                delay = Backoff(poll, maxBackoff, failures);
                board.Failed(time.GetUtcNow(), message, offline, sync.AnchoredHeight, sync.PendingTx, time.GetUtcNow() + delay);
                if (message != lastError)
                {
                    LogFailed(message, delay.TotalSeconds, ex is ChainSyncException ? null : ex);
                }

                lastError = message;
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>poll × 2^(failures−1), at most <paramref name="max"/>.</summary>
    internal static TimeSpan Backoff(TimeSpan poll, TimeSpan max, int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var seconds = Math.Min(max.TotalSeconds, poll.TotalSeconds * factor);
        return TimeSpan.FromSeconds(Math.Max(seconds, poll.TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain sync to {RpcUrl} (chain id {ChainId}) for hub {HubId}, sending from {Address}; bills {BillsFeed}; market {Market}")]
    private partial void LogStarting(string rpcUrl, ulong chainId, string hubId, string address, bool billsFeed, string market);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain sync: {Error}; next attempt in {Seconds:0.#} s (the hub goes on sealing, the outbox is kept)")]
    private partial void LogFailed(string error, double seconds, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain sync: the chain is reachable again; anchored height {Height}")]
    private partial void LogRecovered(long height);
}
