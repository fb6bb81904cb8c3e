namespace Hub.Plugins.Abstractions;

/// <summary>An alert the hub raised (the same fields as <c>GET /api/alerts</c>).</summary>
/// <param name="Id">Increasing id.</param>
/// <param name="At">When the hub raised it.</param>
/// <param name="Kind"><c>invalid-reading</c>, or a plugin problem kind in kebab case.</param>
/// <param name="MeterId">The meter concerned, when known.</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="ReadingId">For an invalid reading, its id.</param>
/// <param name="Plugin">For a plugin problem, the plugin.</param>
public sealed record AlertOutput(long Id, DateTimeOffset At, string Kind, string? MeterId, string Message, long? ReadingId, string? Plugin) : HubOutput;
