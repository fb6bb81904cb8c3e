using Hub.Ledger;
using Hub.Ledger.Crypto;

namespace Hub.WebUi.Api;

/// <summary>A sealed block on the wire (DESIGN.md): hashes and signature as 0x-hex, timestamps ISO 8601 UTC.</summary>
public sealed record BlockView(
    long Height,
    string PrevHash,
    string MerkleRoot,
    int ReadingCount,
    int InvalidCount,
    DateTimeOffset FirstTimestamp,
    DateTimeOffset LastTimestamp,
    long FirstReadingId,
    long LastReadingId,
    string Hash,
    string Signature,
    string Signer,
    DateTimeOffset SealedAt,
    string? AnchorTx)
{
    public static BlockView From(SealedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var h = block.Header;
        return new BlockView(
            h.Height,
            Hex.Encode(h.PrevHash),
            Hex.Encode(h.MerkleRoot),
            h.ReadingCount,
            h.InvalidCount,
            DateTimeOffset.FromUnixTimeMilliseconds(h.FirstTimestamp),
            DateTimeOffset.FromUnixTimeMilliseconds(h.LastTimestamp),
            h.FirstReadingId,
            h.LastReadingId,
            Hex.Encode(block.Hash),
            Hex.Encode(block.Signature),
            Secp256k1.ToChecksumAddress(block.Signer),
            block.SealedAt,
            block.AnchorTx);
    }
}
