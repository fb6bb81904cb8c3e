namespace Hub.Plugins.Mqtt.Configuration;

/// <summary><c>Mqtt:HomeAssistant</c>: MQTT discovery configs published (retained) on the embedded broker.</summary>
public sealed class HomeAssistantOptions
{
    /// <summary>
    /// Publish discovery configs when the embedded broker runs. Off by default: the hub does not yet publish the
    /// state topic the configs name, so Home Assistant would list sensors without values (docs/home-assistant.md).
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Home Assistant's discovery prefix (its <c>discovery_prefix</c> setting; default <c>homeassistant</c>).</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";
}
