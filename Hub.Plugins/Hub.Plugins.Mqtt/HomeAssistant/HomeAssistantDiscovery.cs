using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.HomeAssistant;

/// <summary>
/// Builds Home Assistant MQTT discovery configs (topic <c>&lt;prefix&gt;/sensor/&lt;node_id&gt;/&lt;object_id&gt;/config</c>)
/// for a meter; the state is the canonical reading JSON on <c>smartmeter/&lt;meterId&gt;/state</c>, and a sensor is
/// available while both the hub (<c>smartmeter/hub/status</c>) and the meter (<c>smartmeter/&lt;meterId&gt;/availability</c>)
/// are <c>online</c>.
/// </summary>
internal static class HomeAssistantDiscovery
{
    public static string StateTopic(string meterId) => Output.OutputTopics.State(meterId);

    public static string ConfigTopic(string prefix, string meterId, HomeAssistantSensor sensor) =>
        $"{prefix}/sensor/smartmeter_{meterId}/{sensor.Quantity}/config";

    public static IEnumerable<(string Topic, byte[] Payload)> ConfigsFor(string prefix, MeterDescriptor meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        foreach (var sensor in HomeAssistantSensor.All)
        {
            yield return (ConfigTopic(prefix, meter.Id, sensor), Payload(meter, sensor));
        }
    }

    private static byte[] Payload(MeterDescriptor meter, HomeAssistantSensor sensor)
    {
        // voltageV and currentA are per-phase arrays in the canonical JSON: the sensor shows phase 1.
        var isArray = sensor.Field is "voltageV" or "currentA";
        var template = isArray ? $"{{{{ value_json.{sensor.Field}[0] }}}}" : $"{{{{ value_json.{sensor.Field} }}}}";
        var json = new JsonObject
        {
            ["name"] = sensor.Name,
            ["unique_id"] = $"smartmeter_{meter.Id}_{sensor.Quantity}",
            ["object_id"] = $"smartmeter_{meter.Id}_{sensor.Quantity}",
            ["state_topic"] = StateTopic(meter.Id),
            ["value_template"] = template,
            ["device_class"] = sensor.DeviceClass,
            ["state_class"] = sensor.StateClass,
            ["unit_of_measurement"] = sensor.Unit,
            ["availability"] = new JsonArray(
                new JsonObject { ["topic"] = Output.OutputTopics.HubStatus },
                new JsonObject { ["topic"] = Output.OutputTopics.Availability(meter.Id) }),
            ["availability_mode"] = "all",
            ["device"] = new JsonObject
            {
                ["identifiers"] = new JsonArray($"smartmeter_{meter.Id}"),
                ["name"] = $"SmartMeter {meter.Id}",
                ["manufacturer"] = "SmartMeter",
                ["model"] = $"{meter.Plugin} meter",
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }
}
