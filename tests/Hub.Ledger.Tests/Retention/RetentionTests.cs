using Hub.Ledger.Series;
using Hub.Ledger.Storage;
using Hub.Ledger.Tests.Blocks;
using Hub.Ledger.Tests.Series;
using Hub.Ledger.Verification;
using LiteDB;

namespace Hub.Ledger.Tests.Retention;

/// <summary>Hub:RetentionDays prunes raw readings only once sealed (and anchored where a chain is set); verify still passes.</summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Old = DateTimeOffset.UtcNow.AddDays(-3);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string?> Settings(bool chain = false)
    {
        var settings = new Dictionary<string, string?> { ["Hub:RollupSeconds"] = "1", ["Hub:RetentionDays"] = "1", ["Hub:PruneBatch"] = "6" };
        if (chain)
        {
            settings["Chain:RpcUrl"] = "http://127.0.0.1:9";
        }

        return settings;
    }

    [Fact]
    public async Task Old_sealed_readings_are_pruned_roll_ups_keep_them_and_verify_passes()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings()))
        {
            await IngestOldAsync(ledger, 20);
            await ledger.SealAsync();

            // Old but not sealed yet: kept until its block exists.
            await IngestOldAsync(ledger, 5, from: 20);
            for (var i = 0; i < 4; i++)
            {
                await ledger.Ingest.IngestAsync(SeriesServiceTests.Reading("house", DateTimeOffset.UtcNow.AddMinutes(-10 + i), 10_000 + i, 50));
            }

            await WaitAsync(() => Count(ledger) == 9, "the 20 old sealed readings were not pruned");
            await Task.Delay(1500); // another tick: still nothing more is pruned
            Assert.Equal(9, Count(ledger));
            Assert.Null(ledger.Store.GetReading(20));
            Assert.NotNull(ledger.Store.GetReading(21));
            Assert.Null(ledger.Blocks.GetProof(3)); // pruned: no proof, but its block and leaves are kept
            Assert.True(ledger.Retention.IsPruned(3));
            Assert.False(ledger.Retention.IsPruned(21));
            Assert.Equal(20, ledger.Blocks.GetBlock(1)!.Header.ReadingCount);

            await SeriesServiceTests.WaitRolledUpAsync(ledger);
            var hours = ledger.Series.Read("house", SeriesQuantity.EnergyImportWh, Old.AddHours(-1), Old.AddHours(2), SeriesStep.Hour);
            Assert.Equal(24 * 10, hours.Points.Sum(p => p.Value)); // readings 1 … 25, 10 Wh apart: the pruned ones still count
            Assert.Equal(25, hours.Points.Sum(p => p.Count));
            await ledger.SealAsync();
        }

        var intact = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path, new Dictionary<string, string?> { ["Hub:RetentionDays"] = "1" }));
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(9, intact.Readings);

        // Without the retention setting nothing explains the gap.
        var unexplained = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(unexplained.Intact);
        Assert.StartsWith("reading 1: missing from block 1", unexplained.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_reading_that_retention_does_not_explain_is_still_caught()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings()))
        {
            await IngestOldAsync(ledger, 12);
            await ledger.SealAsync();
            for (var i = 0; i < 6; i++)
            {
                await ledger.Ingest.IngestAsync(SeriesServiceTests.Reading("house", DateTimeOffset.UtcNow.AddMinutes(-10 + i), 10_000 + i, 50));
            }

            await ledger.SealAsync();
            await WaitAsync(() => Count(ledger) == 6, "the old sealed readings were not pruned");
        }

        var config = LedgerFiles.Config(_dir.Path, new Dictionary<string, string?> { ["Hub:RetentionDays"] = "1" });
        Assert.True(LedgerVerifier.Verify(config).Intact);

        // A recent reading (block 2, not old enough) deleted by hand.
        LedgerFiles.Edit(_dir.Path, db => db.GetCollection("readings").Delete(15));
        var report = LedgerVerifier.Verify(config);
        Assert.False(report.Intact);
        Assert.StartsWith("reading 15: missing from block 2", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_pruned_mark_does_not_explain_deleting_recent_readings()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings()))
        {
            await IngestOldAsync(ledger, 6);
            await ledger.SealAsync();
            for (var i = 0; i < 6; i++)
            {
                await ledger.Ingest.IngestAsync(SeriesServiceTests.Reading("house", DateTimeOffset.UtcNow.AddMinutes(-10 + i), 10_000 + i, 50));
            }

            await ledger.SealAsync();
            await WaitAsync(() => Count(ledger) == 6, "the old sealed readings were not pruned");
        }

        LedgerFiles.Edit(_dir.Path, db =>
        {
            var record = db.GetCollection("retention").FindById("pruned");
            record["through"] = 12L;
            db.GetCollection("retention").Update(record);
            db.GetCollection("readings").DeleteMany(Query.Between("_id", 7, 12));
        });

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path, new Dictionary<string, string?> { ["Hub:RetentionDays"] = "1" }));
        Assert.False(report.Intact);
        Assert.StartsWith("reading 7: missing from block 2", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_chain_configured_only_anchored_blocks_are_pruned()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings(chain: true)))
        {
            await IngestOldAsync(ledger, 8);
            await ledger.SealAsync();
            await IngestOldAsync(ledger, 8, from: 8);
            await ledger.SealAsync();
            await SeriesServiceTests.WaitRolledUpAsync(ledger);
            await Task.Delay(2500); // two ticks: sealed and old, but not anchored
            Assert.Equal(16, Count(ledger));
        }

        // The chain sync records block 1's anchor transaction (as SealedBlock.AnchorTx).
        LedgerFiles.Edit(_dir.Path, db =>
        {
            var block = db.GetCollection(BlockDocument.Collection).FindById(1);
            block["anchor"] = "0x" + new string('a', 64);
            db.GetCollection(BlockDocument.Collection).Update(block);
        });

        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: Settings(chain: true)))
        {
            await WaitAsync(() => Count(ledger) == 8, "the anchored block's readings were not pruned");
            await Task.Delay(1500);
            Assert.Equal(8, Count(ledger));
            Assert.NotNull(ledger.Store.GetReading(9));
        }

        var config = LedgerFiles.Config(_dir.Path, new Dictionary<string, string?> { ["Hub:RetentionDays"] = "1", ["Chain:RpcUrl"] = "http://127.0.0.1:9" });
        var report = LedgerVerifier.Verify(config);
        Assert.True(report.Intact, report.Problem);
    }

    private static async Task IngestOldAsync(LedgerHost ledger, int count, int from = 0)
    {
        for (var i = from; i < from + count; i++)
        {
            var outcome = await ledger.Ingest.IngestAsync(SeriesServiceTests.Reading("house", Old.AddMinutes(i), 1000 + (i * 10), 100));
            Assert.True(outcome.IsDurable && outcome.Valid, outcome.Detail);
        }
    }

    private static long Count(LedgerHost ledger) => ledger.Ledger.Store.Database.GetCollection(ReadingDocument.Collection).LongCount();

    private static async Task WaitAsync(Func<bool> condition, string message)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, message);
            await Task.Delay(50);
        }
    }
}
