namespace Hub.Ledger;

/// <summary>Read-only queries over the sealed blocks. Safe from any thread while the writer runs.</summary>
public interface IBlockStore
{
    /// <summary>Blocks by height, newest first, starting below <paramref name="beforeHeight"/> when given.</summary>
    IReadOnlyList<SealedBlock> ListBlocks(long? beforeHeight, int limit);

    SealedBlock? GetBlock(long height);

    /// <summary>The proof of a reading; null when there is no such reading or it is not sealed yet.</summary>
    ReadingProof? GetProof(long readingId);
}
