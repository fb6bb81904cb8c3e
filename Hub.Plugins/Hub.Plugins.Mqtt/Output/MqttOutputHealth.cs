using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>
/// The MQTT output in <c>GET /health</c> under <c>outputs.mqtt</c>. Status: <c>publishing</c>, <c>disconnected</c>
/// (the external broker it should publish to is not connected), <c>disabled</c> (no broker to publish to).
/// </summary>
internal sealed class MqttOutputHealth(EmbeddedOutput embedded, ExternalOutput external, OutputCounters counters) : IOutputHealth
{
    public string OutputName => MqttPluginInfo.Name;

    public PluginHealthReport Report()
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["embedded"] = embedded.Attached,
            ["embeddedPublished"] = counters.EmbeddedPublished,
            ["invalidReadingsNotPublished"] = counters.InvalidSkipped,
        };
        if (external.Enabled)
        {
            details["externalConnected"] = external.Connected;
            details["externalPublished"] = counters.ExternalPublished;
            details["externalErrors"] = counters.ExternalFailed;
            details["externalDropped"] = counters.ExternalDropped;
        }

        var status = external.Enabled && !external.Connected ? "disconnected"
            : embedded.Attached || external.Enabled ? "publishing"
            : "disabled";
        return new PluginHealthReport(status != "disconnected", status, details);
    }
}
