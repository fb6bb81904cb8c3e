using Hub.Ledger.Verification;
using LiteDB;

namespace Hub.Ledger.Tests.Blocks;

/// <summary>The store is edited directly while the hub is stopped; verify must name what was changed.</summary>
public sealed class TamperTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_untouched_ledger_verifies()
    {
        await FillAsync(seal: true);
        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(3, report.Blocks);
        Assert.Equal(27, report.Readings);
        Assert.Equal(2, report.Unsealed);
    }

    [Fact]
    public async Task A_changed_counter_names_that_reading()
    {
        await FillAsync(seal: true);
        LedgerFiles.Edit(_dir.Path, db =>
        {
            var readings = db.GetCollection("readings");
            var doc = readings.FindById(14);
            doc["ei"] = doc["ei"].AsDouble + 1;
            readings.Update(doc);
        });

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(report.Intact);
        Assert.StartsWith("reading 14:", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_verdict_names_that_reading()
    {
        await FillAsync(seal: true);
        LedgerFiles.Edit(_dir.Path, db =>
        {
            var readings = db.GetCollection("readings");
            var doc = readings.FindById(8);
            doc["v"] = true;
            foreach (var verdict in doc["vd"].AsArray)
            {
                verdict["o"] = true;
            }

            readings.Update(doc);
        });

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(report.Intact);
        Assert.StartsWith("reading 8:", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_reading_is_named()
    {
        await FillAsync(seal: true);
        LedgerFiles.Edit(_dir.Path, db => Assert.True(db.GetCollection("readings").Delete(12)));

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(report.Intact);
        Assert.StartsWith("reading 12: missing", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_ordered_blocks_are_named()
    {
        await FillAsync(seal: true);
        LedgerFiles.Edit(_dir.Path, db =>
        {
            // Swap blocks 1 and 2 (and their leaves) by height, as a re-ordering of history would.
            foreach (var name in new[] { "blocks", "blockleaves" })
            {
                var col = db.GetCollection(name);
                var one = col.FindById(1);
                var two = col.FindById(2);
                col.Delete(1);
                col.Delete(2);
                one["_id"] = 2;
                two["_id"] = 1;
                col.Insert(one);
                col.Insert(two);
            }
        });

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(report.Intact);
        Assert.StartsWith("block 1:", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_last_block_is_caught()
    {
        await FillAsync(seal: true);
        LedgerFiles.Edit(_dir.Path, db =>
        {
            db.GetCollection("blocks").Delete(3);
            db.GetCollection("blockleaves").Delete(3);
        });

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(report.Intact);
        Assert.StartsWith("chain tip:", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_verdict_of_an_unsealed_reading_is_caught_by_re_running_the_rules()
    {
        await FillAsync(seal: true);
        LedgerFiles.Edit(_dir.Path, db =>
        {
            var readings = db.GetCollection("readings");
            var doc = readings.FindById(27);
            doc["vd"].AsArray[0]["d"] = "looks fine to me";
            readings.Update(doc);
        });

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(report.Intact);
        Assert.StartsWith("reading 27: its verdicts differ", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_signed_by_another_key_is_named()
    {
        await FillAsync(seal: true);
        var other = Hub.Ledger.Crypto.Secp256k1Key.Generate();
        LedgerFiles.Edit(_dir.Path, db =>
        {
            var blocks = db.GetCollection("blocks");
            var doc = blocks.FindById(2);
            doc["sig"] = other.Sign(doc["hash"].AsBinary).ToBytes();
            blocks.Update(doc);
        });

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.False(report.Intact);
        Assert.StartsWith("block 2: the signature", report.Problem, StringComparison.Ordinal);
    }

    /// <summary>25 readings sealed into blocks of 10, 10 and 5 (reading 8 invalid), then 2 more left unsealed.</summary>
    private async Task FillAsync(bool seal)
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path, extra: new Dictionary<string, string?> { ["Hub:MaxBlockReadings"] = "10", ["Hub:BlockSeconds"] = "3600" });
        for (var i = 0; i < 25; i++)
        {
            await ledger.Ingest.IngestAsync(Readings.At(i % 2 == 0 ? "house" : "solar", i, i == 7 ? 1 : 100 + i, seq: (ulong)i));
        }

        if (seal)
        {
            await ledger.SealAsync();
        }

        await ledger.Ingest.IngestAsync(Readings.At("house", 30, 300, seq: 30));
        await ledger.Ingest.IngestAsync(Readings.At("house", 31, 301, seq: 31));
    }
}
