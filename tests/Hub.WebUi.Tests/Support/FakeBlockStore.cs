using Hub.Ledger;

namespace Hub.WebUi.Tests.Support;

/// <summary>No blocks sealed: the live page polls GET /api/blocks and must find it answering.</summary>
public sealed class FakeBlockStore : IBlockStore
{
    public IReadOnlyList<SealedBlock> ListBlocks(long? beforeHeight, int limit) => [];

    public SealedBlock? GetBlock(long height) => null;

    public ReadingProof? GetProof(long readingId) => null;
}
