namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>The <c>Mqtt</c> section of <c>hub.json</c>. A null part is switched off.</summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    /// <summary>The broker inside the hub that meters connect to; null (absent) = no embedded broker.</summary>
    public EmbeddedBrokerOptions? EmbeddedBroker { get; set; }

    /// <summary>A broker elsewhere that the hub subscribes to; null (absent) = no external client.</summary>
    public ExternalBrokerOptions? External { get; set; }

    /// <summary>Home Assistant MQTT discovery (on the embedded broker, and on the external one when it publishes).</summary>
    public HomeAssistantOptions HomeAssistant { get; set; } = new();
}
