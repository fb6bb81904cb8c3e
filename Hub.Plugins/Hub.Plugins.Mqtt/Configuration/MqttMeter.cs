using Hub.Plugins.Mqtt.Formats;

namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>An mqtt meter with its defaults applied.</summary>
/// <param name="Id">The meter id.</param>
/// <param name="Broker">Embedded or external broker.</param>
/// <param name="Topic">The one topic it publishes readings to.</param>
/// <param name="Username">Its user on the embedded broker (default: the id); unused for external meters.</param>
/// <param name="Password">Its password on the embedded broker; null only when anonymous clients are allowed.</param>
/// <param name="Format">The payload format: canonical, tasmota or shelly-gen2 (see Formats/).</param>
internal sealed record MqttMeter(string Id, MqttBrokerKind Broker, string Topic, string Username, string? Password, string Format = MeterFormats.Canonical)
{
    public static string DefaultTopic(string meterId) => $"smartmeter/{meterId}/reading";
}
