using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Billing;

/// <summary>
/// Every <c>Hub:BlockSeconds</c> (right after the sealer's turn), asks the single writer to issue the bills of ended
/// periods and the corrections late readings call for (<see cref="BillIssuer"/>).
/// </summary>
internal sealed partial class BillingService(
    IngestWriter writer,
    BillIssuer issuer,
    IOptions<LedgerOptions> options,
    TimeProvider time,
    ILogger<BillingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.BlockSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (IngestClosedException)
        {
            // The hub is stopping: the writer no longer takes work.
        }
    }

    /// <summary>One round: issues what is due and returns it.</summary>
    public async Task<IReadOnlyList<Bill>> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var issued = await writer.RunOnWriterAsync(store => issuer.Run(store, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            foreach (var bill in issued)
            {
                LogIssued(bill.Kind, bill.Id, bill.PeriodStart, bill.PeriodEnd, bill.Total, bill.Currency);
            }

            return issued;
        }
        catch (Exception ex) when (ex is IOException or LiteDB.LiteException or InvalidOperationException)
        {
            // Nothing was written (the transaction rolled back); the next round tries again.
            LogFailed(ex);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued {Kind} {Id} for {From:o} to {To:o}: {Total} {Currency}")]
    private partial void LogIssued(string kind, string id, DateTimeOffset from, DateTimeOffset to, decimal total, string currency);

    [LoggerMessage(Level = LogLevel.Error, Message = "Issuing bills failed; the next round tries again")]
    private partial void LogFailed(Exception ex);
}
