namespace Hub.Ledger;

/// <summary>The <c>Hub</c> section of <c>hub.json</c>.</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Hub";

    /// <summary>Where the LiteDB staging store lives; a relative path is taken from the working directory.</summary>
    public string? DataDir { get; set; }

    /// <summary>How often the block sealer seals the readings not yet sealed.</summary>
    public int BlockSeconds { get; set; } = 60;

    /// <summary>A block holds at most this many readings; reaching it seals a block at once.</summary>
    public int MaxBlockReadings { get; set; } = 10_000;

    /// <summary>Readings per group commit at most; one fsync covers the whole batch.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>Readings waiting for the writer at most; beyond it, plugins wait (back-pressure).</summary>
    public int QueueCapacity { get; set; } = 16384;

    /// <summary>The write-ahead log is folded into the data file once it grows beyond this (LiteDB #2814).</summary>
    public int CheckpointLogMegabytes { get; set; } = 8;

    /// <summary>Below this much free space on the data dir's file system the hub raises a <c>low-space</c> alert.</summary>
    public int MinFreeMegabytes { get; set; } = 64;

    /// <summary>How long one write may wait for LiteDB's writer and the disk before the store counts as failed.</summary>
    public int WriteTimeoutSeconds { get; set; } = 30;
}
