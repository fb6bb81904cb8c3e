using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Ledger.Verification;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Blocks;

public sealed class SealingTests : IDisposable
{
    private static readonly Dictionary<string, string?> SmallBlocks = new() { ["Hub:MaxBlockReadings"] = "10", ["Hub:BlockSeconds"] = "3600" };
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Readings_are_sealed_into_linked_signed_blocks_whose_proofs_verify()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path, extra: SmallBlocks);
        for (var i = 0; i < 25; i++)
        {
            // Reading 7 goes backwards: an invalid reading is sealed like any other.
            await ledger.Ingest.IngestAsync(Readings.At(i % 2 == 0 ? "house" : "solar", i, i == 7 ? 1 : 100 + i, seq: (ulong)i));
        }

        await ledger.SealAsync();

        var blocks = ledger.Blocks.ListBlocks(null, 100);
        Assert.Equal([3L, 2L, 1L], blocks.Select(b => b.Header.Height));
        Assert.Equal([5, 10, 10], blocks.Select(b => b.Header.ReadingCount));
        Assert.Equal(1, blocks.Sum(b => b.Header.InvalidCount));
        Assert.Equal(BlockHeader.GenesisPrevHash, blocks[2].Header.PrevHash);
        Assert.Equal(blocks[2].Hash, blocks[1].Header.PrevHash);
        Assert.Equal(blocks[1].Hash, blocks[0].Header.PrevHash);
        var hubKey = KeyFile.Load(Path.Combine(_dir.Path, "hub.key"));
        foreach (var block in blocks)
        {
            Assert.Equal(block.Hash, block.Header.Hash());
            var recovered = Secp256k1.Recover(block.Hash, EcdsaSignature.FromBytes(block.Signature));
            Assert.Equal(hubKey.Address, Secp256k1.AddressOf(recovered!));
        }

        for (var id = 1L; id <= 25; id++)
        {
            var reading = ledger.Store.GetReading(id)!;
            var proof = ledger.Blocks.GetProof(id)!;
            Assert.Equal(reading.BlockHeight, proof.Block.Header.Height);
            Assert.Equal(CanonicalEncoding.LeafHash(reading), proof.Leaf);
            Assert.True(MerkleTree.Verify(proof.Leaf, proof.Siblings, proof.Block.Header.MerkleRoot));
        }
    }

    [Fact]
    public async Task Nothing_is_sealed_twice_and_sealing_resumes_after_a_restart()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: SmallBlocks))
        {
            for (var i = 0; i < 12; i++)
            {
                await ledger.Ingest.IngestAsync(Readings.At("house", i, 100 + i, seq: (ulong)i));
            }

            await ledger.SealAsync();
            await ledger.SealAsync();
        }

        await using (var ledger = await LedgerHost.StartAsync(_dir.Path, extra: SmallBlocks))
        {
            for (var i = 12; i < 15; i++)
            {
                await ledger.Ingest.IngestAsync(Readings.At("house", i, 100 + i, seq: (ulong)i));
            }

            await ledger.SealAsync();
            var blocks = ledger.Blocks.ListBlocks(null, 100);
            Assert.Equal([3, 2, 10], blocks.Select(b => b.Header.ReadingCount));
            Assert.Equal(blocks[1].Hash, blocks[0].Header.PrevHash);
            Assert.Equal(13L, blocks[0].Header.FirstReadingId);
        }

        var report = LedgerVerifier.Verify(LedgerFiles.Config(_dir.Path));
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(3, report.Blocks);
        Assert.Equal(15, report.Readings);
    }

    [Fact]
    public async Task A_full_block_is_sealed_without_waiting_for_the_timer()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path, extra: SmallBlocks);
        for (var i = 0; i < 10; i++)
        {
            await ledger.Ingest.IngestAsync(Readings.At("house", i, 100 + i, seq: (ulong)i));
        }

        await ledger.Ingest.IngestAsync(Readings.At("house", 10, 200, seq: 10));
        Assert.Equal(1, Assert.Single(ledger.Blocks.ListBlocks(null, 10)).Header.Height);
        Assert.Equal(1L, ledger.Store.GetReading(10)!.BlockHeight);
        Assert.Null(ledger.Store.GetReading(11)!.BlockHeight);
    }
}
