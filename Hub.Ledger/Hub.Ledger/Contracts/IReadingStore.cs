namespace Hub.Ledger;

/// <summary>Read-only queries over the staging store. Safe to call from any thread while the writer runs.</summary>
public interface IReadingStore
{
    ReadingPage QueryReadings(ReadingQuery query);

    StoredReading? GetReading(long id);

    /// <summary>The newest reading of a meter, valid or not.</summary>
    StoredReading? LastReading(string meterId);

    /// <summary>Alerts, newest first.</summary>
    IReadOnlyList<AlertRecord> QueryAlerts(DateTimeOffset? since, int limit);

    StoreStatus GetStatus();
}

/// <summary>The store's health for <c>/health</c>.</summary>
/// <param name="Healthy">False when the writer has stopped or the last commit failed.</param>
/// <param name="DataFile">Path of the LiteDB file.</param>
/// <param name="Readings">Readings stored.</param>
/// <param name="InvalidReadings">Of those, invalid.</param>
/// <param name="QueueLength">Readings waiting for the writer.</param>
/// <param name="LastCommitAt">When the last batch became durable.</param>
/// <param name="LastError">The last write error, if any.</param>
/// <param name="Fault">
/// What is wrong with the store, by kind (docs/faults.md): <c>storage-fault</c> (a write or fsync failed: nothing is
/// acknowledged any more and the hub exits to be restarted), <c>storage-full</c> (read-only: too little free space to
/// write; ingest resumes by itself once there is room), <c>writer-stalled</c> (a write has not finished for a while),
/// <c>low-space</c> (below <c>Hub:MinFreeMegabytes</c>; still writing); null when all is well.
/// </param>
/// <param name="ReadOnly">True while readings are refused (not acknowledged) and the API serves what is stored.</param>
/// <param name="FreeBytes">Free space for the hub on the data dir's file system, when known.</param>
/// <param name="WriterBusySince">When the write under way started; null while the writer is idle.</param>
public sealed record StoreStatus(
    bool Healthy,
    string DataFile,
    long Readings,
    long InvalidReadings,
    int QueueLength,
    DateTimeOffset? LastCommitAt,
    string? LastError,
    string? Fault = null,
    bool ReadOnly = false,
    long? FreeBytes = null,
    DateTimeOffset? WriterBusySince = null);
