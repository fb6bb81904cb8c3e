using Org.BouncyCastle.Crypto.Digests;

namespace Hub.Ledger.Crypto;

/// <summary>
/// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not FIPS 202 SHA3-256's 0x06), so that
/// hashes computed here match Solidity's <c>keccak256</c>.
/// </summary>
public static class Keccak256
{
    public const int HashLength = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var hash = new byte[HashLength];
        digest.DoFinal(hash, 0);
        return hash;
    }

    /// <summary>keccak256(a ‖ b), the node hash of a Merkle tree.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(a);
        digest.BlockUpdate(b);
        var hash = new byte[HashLength];
        digest.DoFinal(hash, 0);
        return hash;
    }
}
