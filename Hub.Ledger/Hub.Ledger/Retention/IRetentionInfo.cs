namespace Hub.Ledger;

/// <summary>What retention has pruned, so that the API can say "pruned" rather than "not found".</summary>
public interface IRetentionInfo
{
    /// <summary>True when reading <paramref name="readingId"/> was sealed and then pruned by <c>Hub:RetentionDays</c>.</summary>
    bool IsPruned(long readingId);
}
