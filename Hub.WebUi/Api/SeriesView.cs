namespace Hub.WebUi.Api;

/// <summary>The answer of <c>GET /api/series</c> (docs/ledger.md "History at scale").</summary>
/// <param name="Meter">The meter id.</param>
/// <param name="Quantity">The quantity, as asked.</param>
/// <param name="Unit">Wh, W, V, A or Hz.</param>
/// <param name="Step">raw, minute, hour or day.</param>
/// <param name="From">The range start, rounded down to a bucket start (UTC).</param>
/// <param name="To">The range end (exclusive).</param>
/// <param name="RolledThrough">Hour and day steps: the newest reading time the roll-ups include (they trail ingest by up to Hub:RollupSeconds); null otherwise.</param>
/// <param name="Points">Buckets that hold readings, oldest first; empty buckets are left out.</param>
public sealed record SeriesView(
    string Meter,
    string Quantity,
    string Unit,
    string Step,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset? RolledThrough,
    IReadOnlyList<SeriesPointView> Points);
