namespace Hub.Plugins.Abstractions;

/// <summary>A plugin's own view of its health, aggregated by <c>GET /health</c>.</summary>
/// <param name="Healthy">False when the plugin cannot do its job (e.g. its listener is down).</param>
/// <param name="Status">A short word: <c>listening</c>, <c>connected</c>, <c>disconnected</c>…</param>
/// <param name="Details">Small facts worth showing: port, connected clients, counts.</param>
public sealed record PluginHealthReport(bool Healthy, string Status, IReadOnlyDictionary<string, object?> Details);

/// <summary>Registered by each plugin (as a singleton) so the host can report on it.</summary>
public interface IPluginHealth
{
    string PluginName { get; }

    PluginHealthReport Report();
}
