using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Configuration;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Server;

namespace Hub.Plugins.Mqtt.HomeAssistant;

/// <summary>
/// Puts the discovery configs of every configured meter (all plugins) into the embedded broker's retained store, so a
/// Home Assistant that subscribes to <c>&lt;prefix&gt;/#</c> at any time finds them.
/// </summary>
internal sealed class HomeAssistantPublisher(IOptions<MqttOptions> options, MeterCatalog catalog)
{
    public async Task PublishDiscoveryAsync(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var settings = options.Value.HomeAssistant;
        if (!settings.Enabled)
        {
            return;
        }

        foreach (var meter in catalog.All)
        {
            foreach (var (topic, payload) in HomeAssistantDiscovery.ConfigsFor(settings.DiscoveryPrefix, meter))
            {
                // The retained store, not a PUBLISH: hub-made messages must not pass the meter access rules.
                var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag().Build();
                await server.UpdateRetainedMessageAsync(message).ConfigureAwait(false);
            }
        }
    }
}
