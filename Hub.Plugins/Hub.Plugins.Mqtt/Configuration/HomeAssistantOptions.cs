namespace Hub.Plugins.Mqtt.Configuration;

/// <summary><c>Mqtt:HomeAssistant</c>: MQTT discovery configs published (retained) on the hub's brokers.</summary>
public sealed class HomeAssistantOptions
{
    /// <summary>
    /// Publish discovery configs (on the embedded broker, and on the external one when <c>Mqtt:External:Publish</c>).
    /// On by default: the hub publishes the state and availability topics the configs name (docs/home-assistant.md).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Home Assistant's discovery prefix (its <c>discovery_prefix</c> setting; default <c>homeassistant</c>).</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";
}
