namespace Hub.Ledger;

/// <summary>The answer to a series query.</summary>
/// <param name="Points">The buckets with at least one reading, oldest first (empty buckets are left out).</param>
/// <param name="TooMany">True when a raw query found more than the allowed number of readings (and no points are given).</param>
/// <param name="RolledThrough">
/// Hour and day steps come from the roll-ups, which trail ingest by up to <c>Hub:RollupSeconds</c>: the time of the
/// newest reading they include (null when none). Null for raw and minute steps, which read the readings themselves.
/// </param>
public sealed record SeriesAnswer(IReadOnlyList<SeriesPoint> Points, bool TooMany, DateTimeOffset? RolledThrough);
