using Hub.Plugins.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>The MQTT messages the hub publishes, each with its topic, QoS and retain flag (docs/home-assistant.md).</summary>
internal static class OutputMessages
{
    public static MqttApplicationMessage HubStatus(bool online) =>
        Retained(OutputTopics.HubStatus, online ? OutputTopics.OnlinePayload : OutputTopics.OfflinePayload);

    /// <summary>The canonical reading JSON, which the discovery configs' value_template read.</summary>
    public static MqttApplicationMessage State(ReadingOutput reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return Retained(OutputTopics.State(reading.Reading.MeterId), ReadingJson.ToUtf8Bytes(reading.Reading));
    }

    /// <summary>Unknown (not heard since the hub started) counts as offline: Home Assistant shows the meter unavailable.</summary>
    public static MqttApplicationMessage Availability(MeterStatusOutput status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Retained(
            OutputTopics.Availability(status.MeterId),
            status.State == MeterLinkState.Online ? OutputTopics.OnlinePayload : OutputTopics.OfflinePayload);
    }

    /// <summary>Alerts are events, not state: not retained, so a new subscriber does not see an old alert as new.</summary>
    public static MqttApplicationMessage Alert(AlertOutput alert) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(OutputTopics.Alerts)
            .WithPayload(OutputJson.Alert(alert))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .Build();

    private static MqttApplicationMessage Retained(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
}
