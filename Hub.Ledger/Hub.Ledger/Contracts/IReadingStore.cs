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
public sealed record StoreStatus(
    bool Healthy,
    string DataFile,
    long Readings,
    long InvalidReadings,
    int QueueLength,
    DateTimeOffset? LastCommitAt,
    string? LastError);
