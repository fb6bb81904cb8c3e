using Hub.Ledger.Retention;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Series;

/// <summary>
/// Every <c>Hub:RollupSeconds</c> (and at start, to catch up after a stop or a crash) rolls the new readings into the
/// hourly and daily buckets, then prunes what <c>Hub:RetentionDays</c> allows. Both run on the single writer in
/// bounded batches, between ingest batches, each batch one fsynced transaction with its high-water mark.
/// </summary>
internal sealed partial class SeriesService(
    IngestWriter writer,
    IOptions<SeriesOptions> options,
    IOptions<RuleOptions> rules,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<SeriesService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var policy = RetentionPolicy.From(configuration);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.RollupSeconds), time);
        try
        {
            do
            {
                await RunOnceAsync(o, policy, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (IngestClosedException)
        {
            // The hub is stopping: the writer takes no more work. What is not rolled up yet is next start's.
        }
    }

    private async Task RunOnceAsync(SeriesOptions o, RetentionPolicy policy, CancellationToken stoppingToken)
    {
        try
        {
            int rolled;
            long rolledThrough;
            do
            {
                (rolled, rolledThrough) = await writer.RunOnWriterAsync(
                    store => store.Transact(db => Rollup.RunBatch(db, rules.Value, o.RollupBatch)), stoppingToken).ConfigureAwait(false);
            }
            while (rolled == o.RollupBatch && !stoppingToken.IsCancellationRequested);

            if (policy.Days is null)
            {
                return;
            }

            int pruned;
            do
            {
                var now = time.GetUtcNow();
                pruned = await writer.RunOnWriterAsync(
                    store => store.Transact(db => Pruner.RunBatch(db, policy, rolledThrough, now, o.PruneBatch)), stoppingToken).ConfigureAwait(false);
                if (pruned > 0)
                {
                    LogPruned(pruned, policy.Days.Value);
                }
            }
            while (pruned == o.PruneBatch && !stoppingToken.IsCancellationRequested);
        }
        catch (Exception ex) when (ex is IOException or LiteDB.LiteException or InvalidOperationException)
        {
            // The batch rolled back with its high-water mark: the next tick starts from the same readings.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} raw readings older than {Days} days (sealed; roll-ups, blocks and leaves kept)")]
    private partial void LogPruned(int count, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rolling up or pruning readings failed; it is retried at the next tick")]
    private partial void LogFailed(Exception ex);
}
