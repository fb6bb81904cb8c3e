using Hub.Ledger.Crypto;

namespace Hub.Ledger.Blocks;

/// <summary>
/// A Keccak-256 Merkle tree with sorted-pair hashing, as OpenZeppelin's <c>MerkleProof.verify</c> expects
/// (node = keccak256(min(a, b) ‖ max(a, b)), bytes compared as big-endian numbers). Leaves stay in reading order;
/// a level with an odd count carries its last node up unchanged (it gets no sibling in a proof).
/// </summary>
public sealed class MerkleTree
{
    private readonly List<byte[][]> _levels;

    public MerkleTree(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0)
        {
            throw new ArgumentException("A Merkle tree needs at least one leaf.", nameof(leaves));
        }

        _levels = [leaves.ToArray()];
        var level = _levels[0];
        while (level.Length > 1)
        {
            var next = new byte[(level.Length + 1) / 2][];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = 2 * i + 1 < level.Length ? HashPair(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }

            _levels.Add(next);
            level = next;
        }
    }

    public byte[] Root => _levels[^1][0];

    public int LeafCount => _levels[0].Length;

    /// <summary>The siblings from the leaf up to the root, the <c>proof</c> argument of <c>MerkleProof.verify</c>.</summary>
    public IReadOnlyList<byte[]> Proof(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LeafCount);
        var proof = new List<byte[]>();
        for (var l = 0; l < _levels.Count - 1; l++)
        {
            var sibling = index ^ 1;
            if (sibling < _levels[l].Length)
            {
                proof.Add(_levels[l][sibling]);
            }

            index /= 2;
        }

        return proof;
    }

    /// <summary>OpenZeppelin's <c>processProof</c>: folds the siblings into the leaf and compares with the root.</summary>
    public static bool Verify(ReadOnlySpan<byte> leaf, IEnumerable<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var computed = leaf.ToArray();
        foreach (var sibling in proof)
        {
            computed = HashPair(computed, sibling);
        }

        return computed.AsSpan().SequenceEqual(root);
    }

    public static byte[] RootOf(IReadOnlyList<byte[]> leaves) => new MerkleTree(leaves).Root;

    private static byte[] HashPair(byte[] a, byte[] b) =>
        a.AsSpan().SequenceCompareTo(b) <= 0 ? Keccak256.Hash(a, b) : Keccak256.Hash(b, a);
}
