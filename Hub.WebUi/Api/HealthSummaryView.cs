namespace Hub.WebUi.Api;

/// <summary>
/// <c>GET /health</c> without a login: status and counts only, for an uptime checker (meter names, readings and
/// chain details need a login).
/// </summary>
/// <param name="Status"><c>healthy</c> (HTTP 200) or <c>unhealthy</c> (HTTP 503).</param>
/// <param name="Readings">Readings stored.</param>
/// <param name="Problems">Bad input refused since start, all plugins and kinds together.</param>
/// <param name="FailedLogins">Failed logins and setup attempts since start.</param>
public sealed record HealthSummaryView(string Status, long Readings, long Problems, long FailedLogins);
