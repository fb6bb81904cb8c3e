namespace Hub.Ledger;

/// <summary>The history settings of the <c>Hub</c> section of <c>hub.json</c> (docs/config.md "History and retention").</summary>
public sealed class SeriesOptions
{
    public const string SectionName = "Hub";

    /// <summary>How often new readings are rolled up into the hourly and daily buckets (and old ones pruned).</summary>
    public int RollupSeconds { get; set; } = 10;

    /// <summary>Readings per roll-up transaction at most: the writer is never held long, so ingest is not slowed.</summary>
    public int RollupBatch { get; set; } = 2000;

    /// <summary>Raw readings are pruned once older than this many days (and sealed, and anchored when Chain is set); null keeps them.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>Readings deleted per pruning transaction at most.</summary>
    public int PruneBatch { get; set; } = 2000;
}
