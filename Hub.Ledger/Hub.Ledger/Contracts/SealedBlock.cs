using Hub.Ledger.Blocks;

namespace Hub.Ledger;

/// <summary>A sealed block as the store holds it.</summary>
/// <param name="Header">What the block commits to.</param>
/// <param name="Hash">keccak256 of the header encoding.</param>
/// <param name="Signature">The hub's secp256k1 signature over <paramref name="Hash"/>, r ‖ s ‖ v (65 bytes).</param>
/// <param name="Signer">The hub's Ethereum address (20 bytes) that the signature recovers to.</param>
/// <param name="SealedAt">When the hub sealed it.</param>
/// <param name="AnchorTx">The transaction that anchored its root on chain, once anchored.</param>
public sealed record SealedBlock(BlockHeader Header, byte[] Hash, byte[] Signature, byte[] Signer, DateTimeOffset SealedAt, string? AnchorTx);
