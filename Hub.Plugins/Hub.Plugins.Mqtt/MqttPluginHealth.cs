using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Configuration;
using Hub.Plugins.Mqtt.Embedded;
using Hub.Plugins.Mqtt.Ingest;

namespace Hub.Plugins.Mqtt;

/// <summary>
/// The mqtt plugin in <c>GET /health</c>. Status: <c>listening</c> (embedded broker up, external client connected if
/// configured), <c>disconnected</c> (the external broker is not connected), <c>connected</c> (external client only,
/// connected), <c>stopped</c> (the embedded broker is not listening), <c>disabled</c> (nothing configured; healthy).
/// </summary>
internal sealed class MqttPluginHealth(
    MqttTopology topology,
    MqttPluginStatus status,
    BrokerConnectionRegistry connections,
    MqttPluginCounters counters) : IPluginHealth
{
    public string PluginName => MqttPluginInfo.Name;

    public PluginHealthReport Report()
    {
        var embeddedUp = topology.Embedded is null || status.Listening;
        var externalUp = topology.External is null || status.ExternalConnected;
        var state = !embeddedUp ? "stopped"
            : !externalUp ? "disconnected"
            : topology.Embedded is not null ? "listening"
            : topology.External is not null ? "connected"
            : "disabled";

        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["readingsStored"] = counters.Stored,
            ["duplicates"] = counters.Duplicates,
            ["rejected"] = counters.Rejected,
            ["ingestFailures"] = counters.IngestFailures,
        };
        if (topology.Embedded is { } embedded)
        {
            details["port"] = status.Listening ? status.Port : embedded.Port;
            details["bindAddress"] = embedded.BindAddress;
            details["connectedClients"] = connections.AuthenticatedCount;
            details["embeddedMeters"] = topology.EmbeddedMeters.Count;
        }

        if (topology.External is { } external)
        {
            details["externalBroker"] = $"{external.Host}:{external.Port}";
            details["externalBrokerConnected"] = status.ExternalConnected;
            details["externalMeters"] = topology.ExternalMeters.Count;
            if (!status.ExternalConnected && status.ExternalError is { } error)
            {
                details["externalBrokerError"] = error;
            }
        }

        return new PluginHealthReport(embeddedUp && externalUp, state, details);
    }
}
