namespace Hub.Ledger.Retention;

/// <summary>Reads the pruned mark from the store (a single small document).</summary>
internal sealed class RetentionInfo(LedgerStore store) : IRetentionInfo
{
    public bool IsPruned(long readingId) =>
        store.IsOpen && readingId >= 1 && readingId <= RetentionRecord.Load(store.Store.Database).PrunedThrough;
}
