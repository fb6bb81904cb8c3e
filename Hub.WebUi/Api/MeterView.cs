namespace Hub.WebUi.Api;

/// <summary>One configured meter in <c>GET /api/meters</c>.</summary>
/// <param name="Id">The meter id from <c>hub.json</c>.</param>
/// <param name="Plugin">The plugin that reads it.</param>
/// <param name="Status"><c>online</c>, <c>offline</c> or <c>unknown</c> (nothing heard since the hub started).</param>
/// <param name="StatusSince">When the status last changed.</param>
/// <param name="StatusReason">Why the meter is offline, in words.</param>
/// <param name="LastReadingAt">The timestamp of the newest stored reading of this meter.</param>
/// <param name="LastReading">The newest stored reading, valid or not.</param>
public sealed record MeterView(
    string Id,
    string Plugin,
    string Status,
    DateTimeOffset? StatusSince,
    string? StatusReason,
    DateTimeOffset? LastReadingAt,
    ReadingView? LastReading);
