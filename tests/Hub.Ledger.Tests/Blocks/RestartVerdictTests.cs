using Hub.Ledger.Verification;

namespace Hub.Ledger.Tests.Blocks;

public sealed class RestartVerdictTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verdicts_after_a_restart_match_a_re_run_in_store_order_even_with_out_of_order_readings()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path))
        {
            await ledger.Ingest.IngestAsync(Readings.At("house", 10, 100, seq: 1));
            await ledger.Ingest.IngestAsync(Readings.At("house", 20, 110, seq: 2));
            await ledger.Ingest.IngestAsync(Readings.At("house", 15, 90, seq: 3)); // late and lower: invalid
        }

        await using (var ledger = await LedgerHost.StartAsync(_dir.Path))
        {
            // The restarted writer must remember reading 2 (not the newest timestamp's or an invalid one's history).
            var outcome = await ledger.Ingest.IngestAsync(Readings.At("house", 30, 105, seq: 4));
            Assert.False(outcome.Valid);
            await ledger.Ingest.IngestAsync(Readings.At("house", 40, 120, seq: 5));
        }

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.True(report.Intact, report.Problem);
    }
}
