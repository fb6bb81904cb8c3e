using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Blocks;

public sealed class MerkleProofProperties
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 100)]
    public bool Every_readings_proof_verifies_against_its_block_root(PositiveInt count, int seed)
    {
        var readings = MakeReadings(Math.Min(count.Get, 70), seed);
        var leaves = readings.Select(CanonicalEncoding.LeafHash).ToArray();
        var tree = new MerkleTree(leaves);
        return Enumerable.Range(0, leaves.Length).All(i => MerkleTree.Verify(leaves[i], tree.Proof(i), tree.Root));
    }

    [Property(MaxTest = 200)]
    public bool Any_byte_change_in_a_reading_fails_its_proof(PositiveInt count, NonNegativeInt which, NonNegativeInt position, byte flip)
    {
        var readings = MakeReadings(Math.Min(count.Get, 40), which.Get);
        var leaves = readings.Select(CanonicalEncoding.LeafHash).ToArray();
        var tree = new MerkleTree(leaves);
        var index = which.Get % leaves.Length;
        var encoding = CanonicalEncoding.EncodeLeaf(readings[index]);
        encoding[position.Get % encoding.Length] ^= flip == 0 ? (byte)1 : flip;
        return !MerkleTree.Verify(Keccak256.Hash(encoding), tree.Proof(index), tree.Root);
    }

    [Property(MaxTest = 100)]
    public bool Any_changed_field_changes_the_leaf(NonNegativeInt seed, double delta)
    {
        var stored = MakeReadings(1, seed.Get)[0];
        if (delta == 0 || double.IsNaN(delta) || stored.Reading.EnergyImportWh + delta == stored.Reading.EnergyImportWh)
        {
            return true;
        }

        var changed = stored with { Reading = stored.Reading with { EnergyImportWh = stored.Reading.EnergyImportWh + delta } };
        var verdict = stored with { Verdicts = [.. stored.Verdicts.Select(v => v with { Ok = !v.Ok })] };
        var leaf = CanonicalEncoding.LeafHash(stored);
        return !leaf.AsSpan().SequenceEqual(CanonicalEncoding.LeafHash(changed)) && !leaf.AsSpan().SequenceEqual(CanonicalEncoding.LeafHash(verdict));
    }

    [Fact]
    public void A_single_leaf_is_its_own_root_and_pairs_are_hashed_sorted()
    {
        var a = Keccak256.Hash([1]);
        var b = Keccak256.Hash([2]);
        Assert.Equal(a, MerkleTree.RootOf([a]));
        Assert.Equal(MerkleTree.RootOf([a, b]), MerkleTree.RootOf([b, a]));
        var low = a.AsSpan().SequenceCompareTo(b) < 0 ? a : b;
        var high = ReferenceEquals(low, a) ? b : a;
        Assert.Equal(Keccak256.Hash([.. low, .. high]), MerkleTree.RootOf([a, b]));

        // Three leaves: the third is carried up unchanged and pairs with the first pair's node.
        var c = Keccak256.Hash([3]);
        var tree = new MerkleTree([a, b, c]);
        Assert.Equal([MerkleTree.RootOf([a, b])], tree.Proof(2));
    }

    private static StoredReading[] MakeReadings(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count).Select(i => new StoredReading(
            i,
            new Reading
            {
                MeterId = random.Next(2) == 0 ? "house" : "garage-2",
                Timestamp = Epoch.AddMilliseconds(random.NextInt64(0, 1_000_000_000)),
                EnergyImportWh = Math.Round(random.NextDouble() * 1e7, 3),
                EnergyExportWh = random.Next(3) == 0 ? null : random.NextDouble() * 1e5,
                PowerW = random.NextDouble() * 10_000 - 5000,
                VoltageV = random.Next(2) == 0 ? [230.1] : [229.9, 231, 230.5],
                CurrentA = random.Next(2) == 0 ? null : [random.NextDouble() * 50],
                FrequencyHz = 50 + random.NextDouble() * 0.1,
                Seq = random.Next(4) == 0 ? null : (ulong)random.NextInt64(),
                Signature = random.Next(3) == 0 ? "0x" + Convert.ToHexStringLower(Keccak256.Hash([(byte)i])) : null,
            },
            Epoch.AddSeconds(i),
            random.Next(5) != 0,
            [new Verdict("range", true, "every value is within its configured range"), new Verdict("counter-monotonic", random.Next(5) != 0, "counters did not decrease")],
            null)).ToArray();
    }
}
