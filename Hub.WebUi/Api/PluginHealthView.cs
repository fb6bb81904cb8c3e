namespace Hub.WebUi.Api;

/// <summary>One plugin in <c>GET /health</c>.</summary>
/// <param name="Healthy">False when the plugin cannot do its job.</param>
/// <param name="Status">A short word: <c>listening</c>, <c>connected</c>…</param>
/// <param name="Details">Small facts the plugin chose to show.</param>
public sealed record PluginHealthView(bool Healthy, string Status, IReadOnlyDictionary<string, object?> Details);
