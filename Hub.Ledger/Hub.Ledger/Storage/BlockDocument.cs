using Hub.Ledger.Blocks;
using LiteDB;

namespace Hub.Ledger.Storage;

/// <summary>
/// How a sealed block is laid out in LiteDB: <c>_id</c> is the height. Its leaf hashes live in a collection of
/// their own (same <c>_id</c>), so that listing blocks does not read them.
/// </summary>
internal static class BlockDocument
{
    public const string Collection = "blocks";
    public const string LeavesCollection = "blockleaves";
    public const string Leaves = "lv";

    public static BsonDocument ToDocument(SealedBlock block)
    {
        var h = block.Header;
        return new BsonDocument
        {
            ["_id"] = h.Height,
            ["prev"] = h.PrevHash,
            ["root"] = h.MerkleRoot,
            ["n"] = h.ReadingCount,
            ["inv"] = h.InvalidCount,
            ["ft"] = h.FirstTimestamp,
            ["lt"] = h.LastTimestamp,
            ["fid"] = h.FirstReadingId,
            ["lid"] = h.LastReadingId,
            ["hash"] = block.Hash,
            ["sig"] = block.Signature,
            ["signer"] = block.Signer,
            ["at"] = block.SealedAt.ToUnixTimeMilliseconds(),
            ["anchor"] = block.AnchorTx is { } tx ? tx : BsonValue.Null,
        };
    }

    public static SealedBlock FromDocument(BsonDocument doc)
    {
        var header = new BlockHeader(
            doc["_id"].AsInt64,
            doc["prev"].AsBinary,
            doc["root"].AsBinary,
            doc["n"].AsInt32,
            doc["inv"].AsInt32,
            doc["ft"].AsInt64,
            doc["lt"].AsInt64,
            doc["fid"].AsInt64,
            doc["lid"].AsInt64);
        return new SealedBlock(
            header,
            doc["hash"].AsBinary,
            doc["sig"].AsBinary,
            doc["signer"].AsBinary,
            DateTimeOffset.FromUnixTimeMilliseconds(doc["at"].AsInt64),
            doc.TryGetValue("anchor", out var a) && a.IsString ? a.AsString : null);
    }

    public static BsonDocument LeavesDocument(long height, IEnumerable<byte[]> leaves) => new()
    {
        ["_id"] = height,
        [Leaves] = leaves.SelectMany(l => l).ToArray(),
    };

    /// <summary>The stored leaf hashes, 32 bytes each, in reading id order.</summary>
    public static byte[][] LeavesOf(BsonDocument? doc)
    {
        var blob = doc is not null && doc.TryGetValue(Leaves, out var lv) && lv.IsBinary ? lv.AsBinary : [];
        return blob.Chunk(32).ToArray();
    }
}
