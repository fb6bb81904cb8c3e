using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Configuration;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.HomeAssistant;

/// <summary>
/// The retained discovery configs of every configured meter (all plugins), put into the embedded broker's retained
/// store at start and published to the external broker on each connection, so a Home Assistant that subscribes to
/// <c>&lt;prefix&gt;/#</c> at any time finds them. None when <c>Mqtt:HomeAssistant:Enabled</c> is false.
/// </summary>
internal sealed class HomeAssistantPublisher(IOptions<MqttOptions> options, MeterCatalog catalog)
{
    public IEnumerable<MqttApplicationMessage> DiscoveryMessages()
    {
        var settings = options.Value.HomeAssistant;
        if (!settings.Enabled)
        {
            yield break;
        }

        foreach (var meter in catalog.All)
        {
            foreach (var (topic, payload) in HomeAssistantDiscovery.ConfigsFor(settings.DiscoveryPrefix, meter))
            {
                yield return new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithRetainFlag()
                    .Build();
            }
        }
    }
}
