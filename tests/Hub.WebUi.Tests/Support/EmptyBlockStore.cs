using Hub.Ledger;

namespace Hub.WebUi.Tests.Support;

/// <summary>No blocks sealed yet: what the live page's blocks list reads in the web UI's tests (the real store is tested in Hub.Ledger.Tests).</summary>
internal sealed class EmptyBlockStore : IBlockStore
{
    public IReadOnlyList<SealedBlock> ListBlocks(long? beforeHeight, int limit) => [];

    public SealedBlock? GetBlock(long height) => null;

    public ReadingProof? GetProof(long readingId) => null;
}
