using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Blocks;

/// <summary>
/// Asks the single writer to seal every <c>Hub:BlockSeconds</c>. The sealing itself runs on the writer, between
/// ingest batches, so LiteDB never has two writers (LiteDB #2825).
/// </summary>
internal sealed class BlockSealerService(IngestWriter writer, IOptions<LedgerOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.BlockSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                writer.RequestSeal();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
