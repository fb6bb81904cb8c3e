namespace Hub.Ledger;

/// <summary>A Merkle proof that a stored reading is sealed in a block.</summary>
/// <param name="ReadingId">The reading.</param>
/// <param name="Leaf">keccak256 of the reading's leaf encoding.</param>
/// <param name="LeafEncoding">The leaf encoding itself, so the proof can be checked without the hub.</param>
/// <param name="Index">The leaf's position in the block (0-based, id order).</param>
/// <param name="Siblings">From the leaf up, the <c>proof</c> argument of OpenZeppelin's <c>MerkleProof.verify</c>.</param>
/// <param name="Block">The block whose root the proof reaches.</param>
public sealed record ReadingProof(long ReadingId, byte[] Leaf, byte[] LeafEncoding, int Index, IReadOnlyList<byte[]> Siblings, SealedBlock Block);
