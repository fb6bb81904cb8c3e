using Hub.Plugins.Mqtt.HomeAssistant;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Server;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>
/// Publishes the hub's own messages into the embedded broker with <see cref="MqttServer.InjectApplicationMessage"/>:
/// no network client, no meter access rules (<see cref="Embedded.EmbeddedPublishPipeline"/> lets messages from
/// <see cref="SenderClientId"/> through, and <see cref="Embedded.BrokerSessionEvents"/> refuses a client that claims
/// that id). Subscribers still need a user whose <c>Subscribe</c> filters cover the topics.
/// </summary>
internal sealed class EmbeddedOutput(HomeAssistantPublisher homeAssistant, OutputCounters counters, ILogger<EmbeddedOutput> logger)
{
    /// <summary>The sender of every hub-made message on the embedded broker; reserved, no client may connect with it.</summary>
    public const string SenderClientId = "smartmeter-hub-output";

    private volatile MqttServer? _server;

    public bool Attached => _server is not null;

    /// <summary>Called once the broker listens: discovery configs and the hub's <c>online</c>, both retained.</summary>
    public async Task AttachAsync(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        foreach (var message in homeAssistant.DiscoveryMessages())
        {
            // The retained store directly: discovery must be there before the first subscriber, and is no event.
            await server.UpdateRetainedMessageAsync(message).ConfigureAwait(false);
        }

        _server = server;
        await PublishAsync(OutputMessages.HubStatus(online: true)).ConfigureAwait(false);
    }

    /// <summary>Called before the broker stops: tells connected subscribers (Home Assistant) that the hub goes away.</summary>
    public async Task DetachAsync()
    {
        await PublishAsync(OutputMessages.HubStatus(online: false)).ConfigureAwait(false);
        _server = null;
    }

    public async Task PublishAsync(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_server is not { } server)
        {
            return;
        }

        try
        {
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = SenderClientId }).ConfigureAwait(false);
            counters.CountEmbeddedPublished();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The broker is stopping; the next message (or the retained state at the next start) follows.
            OutputLog.EmbeddedFailed(logger, ex, message.Topic);
        }
    }
}
