namespace Hub.Plugins.Abstractions;

/// <summary>
/// Health of one way out of the hub (the MQTT publisher, the alert webhook), shown under <c>outputs</c> in
/// <c>GET /health</c>. An output that fails does not make the hub unhealthy: ingest never waits for it.
/// </summary>
public interface IOutputHealth
{
    /// <summary>The key under <c>outputs</c>, e.g. <c>mqtt</c> or <c>webhook</c>.</summary>
    string OutputName { get; }

    PluginHealthReport Report();
}
