using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using LiteDB;

namespace Hub.Ledger.Storage;

/// <summary>The block side of the store: sealing (on the writer thread only) and block/proof queries.</summary>
internal sealed partial class LiteStore
{
    private const string ChainId = "chain";
    private ILiteCollection<BsonDocument>? _blocksCollection;
    private ILiteCollection<BsonDocument>? _leavesCollection;
    private ChainTip? _tip;
    private const int CachedTrees = 64;

    // Proofs are served from API threads: a concurrent map, emptied when it reaches CachedTrees (blocks are immutable).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, MerkleTree> _trees = new();

    /// <summary>The newest block, as of the last durable seal.</summary>
    public ChainTip Tip => _tip ??= LoadTip();

    /// <summary>Readings committed but not sealed yet.</summary>
    public long Unsealed => Counters.NextReadingId - 1 - Tip.SealedThrough;

    // The last reading id of each block, by height (index 0 = height 1): blocks seal contiguous id ranges, so a
    // binary search gives any reading's block. 8 bytes a block, loaded at first use, appended at each seal.
    private readonly Lock _lastIdsGate = new();
    private List<long>? _lastIds;

    private ILiteCollection<BsonDocument> Blocks
    {
        get
        {
            if (_blocksCollection is null)
            {
                var blocks = _db.GetCollection(BlockDocument.Collection);
                blocks.EnsureIndex("lid", unique: true);
                _blocksCollection = blocks;
            }

            return _blocksCollection;
        }
    }

    /// <summary>The height of the block that seals reading <paramref name="readingId"/>; null while it is unsealed.</summary>
    public long? HeightOf(long readingId)
    {
        if (readingId > Tip.SealedThrough)
        {
            return null;
        }

        lock (_lastIdsGate)
        {
            _lastIds ??= [.. Blocks.Query().OrderBy("_id").ToDocuments().Select(d => d["lid"].AsInt64)];
            var index = _lastIds.BinarySearch(readingId);
            return (index >= 0 ? index : ~index) is var i && i < _lastIds.Count ? i + 1 : null;
        }
    }

    /// <summary>A stored reading with its block height, derived from the sealed id ranges.</summary>
    private StoredReading Resolve(BsonDocument doc)
    {
        var stored = ReadingDocument.FromDocument(doc);
        return stored.BlockHeight is null && HeightOf(stored.Id) is { } height ? stored with { BlockHeight = height } : stored;
    }

    private ILiteCollection<BsonDocument> BlockLeaves => _leavesCollection ??= _db.GetCollection(BlockDocument.LeavesCollection);

    /// <summary>
    /// Seals up to <paramref name="maxReadings"/> of the oldest unsealed readings into the next block, in one
    /// transaction with setting their block height, and returns once it is fsynced; null when nothing is unsealed.
    /// </summary>
    public SealedBlock? SealNext(Secp256k1Key key, int maxReadings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var tip = Tip;
        if (Unsealed <= 0)
        {
            return null;
        }

        if (!_db.BeginTrans())
        {
            throw new InvalidOperationException("A transaction is already open on the writer thread.");
        }

        SealedBlock block;
        try
        {
            var height = tip.Height + 1;
            var docs = _readings.Find(Query.GT("_id", tip.SealedThrough), 0, maxReadings).ToList();
            var leaves = new byte[docs.Count][];
            var invalid = 0;
            long firstTs = long.MaxValue, lastTs = long.MinValue;
            for (var i = 0; i < docs.Count; i++)
            {
                var stored = ReadingDocument.FromDocument(docs[i]);
                leaves[i] = CanonicalEncoding.LeafHash(stored);
                invalid += stored.Valid ? 0 : 1;
                var ms = stored.Reading.Timestamp.ToUnixTimeMilliseconds();
                firstTs = Math.Min(firstTs, ms);
                lastTs = Math.Max(lastTs, ms);
            }

            // Readings are sealed in id ranges, so a reading's block follows from its id (HeightOf): sealing
            // never rewrites reading documents, which would cost more pages than the readings' own insert.
            var header = new BlockHeader(
                height,
                tip.Hash,
                MerkleTree.RootOf(leaves),
                docs.Count,
                invalid,
                firstTs,
                lastTs,
                docs[0]["_id"].AsInt64,
                docs[^1]["_id"].AsInt64);
            var hash = header.Hash();
            block = new SealedBlock(header, hash, key.Sign(hash).ToBytes(), key.Address, now, null);
            Blocks.Insert(BlockDocument.ToDocument(block));
            BlockLeaves.Insert(BlockDocument.LeavesDocument(height, leaves));
            _meta.Upsert(new BsonDocument
            {
                ["_id"] = ChainId,
                ["height"] = height,
                ["hash"] = hash,
                ["sealedThrough"] = header.LastReadingId,
            });
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }

        _barrier.WaitForQueuedWrites();
        _log.Sync();
        _tip = new ChainTip(block.Header.Height, block.Hash, block.Header.LastReadingId);
        lock (_lastIdsGate)
        {
            // An API thread may have loaded the list after the commit, with this block already in it.
            if (_lastIds is { } ids && ids.Count == block.Header.Height - 1)
            {
                ids.Add(block.Header.LastReadingId);
            }
        }
        if (_log.Length > _checkpointLogBytes)
        {
            Checkpoint();
        }

        return block;
    }

    public SealedBlock? GetBlock(long height)
    {
        var doc = Blocks.FindById(height);
        return doc is null ? null : BlockDocument.FromDocument(doc);
    }

    public IReadOnlyList<SealedBlock> ListBlocks(long? beforeHeight, int limit)
    {
        if (limit is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit: use 1 to 10000.");
        }

        var below = beforeHeight ?? long.MaxValue;
        return Blocks.Query()
            .Where(Query.LT("_id", below))
            .OrderByDescending("_id")
            .Limit(limit)
            .ToDocuments()
            .Select(BlockDocument.FromDocument)
            .ToList();
    }

    /// <summary>Every block in height order, with its stored leaves; for the verifier.</summary>
    public IEnumerable<(SealedBlock Block, byte[][] Leaves)> AllBlocks() =>
        Blocks.Query().OrderBy("_id").ToDocuments().Select(d => (BlockDocument.FromDocument(d), BlockDocument.LeavesOf(BlockLeaves.FindById(d["_id"]))));

    /// <summary>The readings with ids in [first, last], in id order; for the verifier.</summary>
    public IEnumerable<StoredReading> ReadingsBetween(long first, long last) =>
        _readings.Find(Query.Between("_id", first, last)).Select(Resolve);

    /// <summary>Every reading in id order; for the verifier.</summary>
    public IEnumerable<StoredReading> AllReadings() =>
        _readings.Query().OrderBy("_id").ToDocuments().Select(Resolve);

    public ReadingProof? GetProof(long readingId)
    {
        var stored = GetReading(readingId);
        if (stored?.BlockHeight is not { } height)
        {
            return null;
        }

        var block = GetBlock(height);
        if (block is null)
        {
            return null;
        }

        if (!_trees.TryGetValue(height, out var tree))
        {
            tree = new MerkleTree(BlockDocument.LeavesOf(BlockLeaves.FindById(height)));
            if (_trees.Count >= CachedTrees)
            {
                _trees.Clear();
            }

            _trees[height] = tree;
        }

        var index = checked((int)(readingId - block.Header.FirstReadingId));
        var encoding = CanonicalEncoding.EncodeLeaf(stored);
        return new ReadingProof(readingId, Keccak256.Hash(encoding), encoding, index, tree.Proof(index), block);
    }

    private ChainTip LoadTip()
    {
        var doc = _meta.FindById(ChainId);
        return doc is null
            ? new ChainTip(0, BlockHeader.GenesisPrevHash, 0)
            : new ChainTip(doc["height"].AsInt64, doc["hash"].AsBinary, doc["sealedThrough"].AsInt64);
    }
}
