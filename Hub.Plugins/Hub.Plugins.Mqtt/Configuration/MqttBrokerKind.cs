namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>Where an mqtt meter publishes: <c>Meters:N:Broker</c>.</summary>
internal enum MqttBrokerKind
{
    Embedded,
    External,
}
