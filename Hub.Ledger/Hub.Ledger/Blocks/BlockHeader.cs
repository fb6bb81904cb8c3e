using System.Buffers.Binary;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Blocks;

/// <summary>
/// What a block commits to. Its hash is keccak256 of the packed layout in <see cref="Encode"/>
/// (Solidity: <c>abi.encodePacked(uint8(1), uint64 height, bytes32 prevHash, bytes32 merkleRoot,
/// uint32 readingCount, uint32 invalidCount, uint64 firstTimestampMs, uint64 lastTimestampMs,
/// uint64 firstReadingId, uint64 lastReadingId)</c>), and the hub signs that hash.
/// </summary>
/// <param name="Height">1 for the first block.</param>
/// <param name="PrevHash">The previous block's hash; 32 zero bytes for block 1.</param>
/// <param name="MerkleRoot">Root of the tree over the block's readings, in id order.</param>
/// <param name="ReadingCount">Readings sealed, valid or not.</param>
/// <param name="InvalidCount">Of those, invalid.</param>
/// <param name="FirstTimestamp">Earliest reading timestamp (Unix ms).</param>
/// <param name="LastTimestamp">Latest reading timestamp (Unix ms).</param>
/// <param name="FirstReadingId">The block holds every reading from this id…</param>
/// <param name="LastReadingId">…to this id, inclusive.</param>
public sealed record BlockHeader(
    long Height,
    byte[] PrevHash,
    byte[] MerkleRoot,
    int ReadingCount,
    int InvalidCount,
    long FirstTimestamp,
    long LastTimestamp,
    long FirstReadingId,
    long LastReadingId)
{
    public const byte Version = 0x01;
    public const int EncodedLength = 1 + 8 + 32 + 32 + 4 + 4 + 8 + 8 + 8 + 8;

    public static byte[] GenesisPrevHash => new byte[32];

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        var span = bytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], checked((ulong)Height));
        PrevHash.CopyTo(span[9..]);
        MerkleRoot.CopyTo(span[41..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[73..], checked((uint)ReadingCount));
        BinaryPrimitives.WriteUInt32BigEndian(span[77..], checked((uint)InvalidCount));
        BinaryPrimitives.WriteUInt64BigEndian(span[81..], checked((ulong)FirstTimestamp));
        BinaryPrimitives.WriteUInt64BigEndian(span[89..], checked((ulong)LastTimestamp));
        BinaryPrimitives.WriteUInt64BigEndian(span[97..], checked((ulong)FirstReadingId));
        BinaryPrimitives.WriteUInt64BigEndian(span[105..], checked((ulong)LastReadingId));
        return bytes;
    }

    public byte[] Hash() => Keccak256.Hash(Encode());
}
