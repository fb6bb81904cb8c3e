namespace Hub.Ledger.Blocks;

/// <summary>The read side of the blocks, over the open store.</summary>
internal sealed class LedgerBlocks(LedgerStore store) : IBlockStore
{
    public IReadOnlyList<SealedBlock> ListBlocks(long? beforeHeight, int limit) => store.Store.ListBlocks(beforeHeight, limit);

    public SealedBlock? GetBlock(long height) => store.Store.GetBlock(height);

    public ReadingProof? GetProof(long readingId) => store.Store.GetProof(readingId);
}
