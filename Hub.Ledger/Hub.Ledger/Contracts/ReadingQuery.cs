namespace Hub.Ledger;

/// <summary>
/// A page of stored readings. Pages run from the newest backwards: a page holds up to <see cref="Limit"/> readings,
/// the newest that match, listed oldest first (newest last); <see cref="ReadingPage.Next"/> fetches the older ones.
/// </summary>
/// <param name="MeterId">Only this meter; all meters when null.</param>
/// <param name="From">Inclusive lower bound on the reading's timestamp.</param>
/// <param name="To">Exclusive upper bound on the reading's timestamp.</param>
/// <param name="Limit">1 to 1000.</param>
/// <param name="Cursor">The <see cref="ReadingPage.Next"/> of the previous page, or null for the first page.</param>
public sealed record ReadingQuery(string? MeterId, DateTimeOffset? From, DateTimeOffset? To, int Limit, string? Cursor);

/// <summary>One page of readings, newest last, and the cursor to the older page (null when there is none).</summary>
public sealed record ReadingPage(IReadOnlyList<StoredReading> Items, string? Next);
