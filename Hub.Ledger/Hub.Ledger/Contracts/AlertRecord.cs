namespace Hub.Ledger;

/// <summary>Something the homeowner must see: an invalid reading, or bad input refused by a plugin.</summary>
/// <param name="Id">Increasing id.</param>
/// <param name="At">When the hub raised it.</param>
/// <param name="Kind"><c>invalid-reading</c>, or the plugin problem kind in kebab case (<c>malformed-payload</c>, <c>authentication-failed</c>…).</param>
/// <param name="MeterId">The meter concerned, when known.</param>
/// <param name="Message">What happened and what to do, in words.</param>
/// <param name="ReadingId">For an invalid reading, its id.</param>
/// <param name="Plugin">For a plugin problem, the plugin.</param>
public sealed record AlertRecord(long Id, DateTimeOffset At, string Kind, string? MeterId, string Message, long? ReadingId, string? Plugin);
