namespace Hub.Plugins.Mqtt.Configuration;

/// <summary><c>Mqtt:HomeAssistant</c>: MQTT discovery configs published (retained) on the embedded broker.</summary>
public sealed class HomeAssistantOptions
{
    /// <summary>Publish discovery configs when the embedded broker runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Home Assistant's discovery prefix (its <c>discovery_prefix</c> setting; default <c>homeassistant</c>).</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";
}
