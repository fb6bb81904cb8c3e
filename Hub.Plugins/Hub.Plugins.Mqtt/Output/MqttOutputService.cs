using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>
/// Follows <see cref="IHubOutputFeed"/> and publishes on the embedded broker (injected, at once) and to the external
/// broker (queued): each valid stored reading on <c>smartmeter/&lt;meterId&gt;/state</c>, each meter's link state on
/// <c>smartmeter/&lt;meterId&gt;/availability</c> (both retained, QoS 1) and each alert on <c>smartmeter/alerts</c>
/// (QoS 1). Invalid readings get no state: Home Assistant keeps the last valid value, and the alert says why.
/// The feed drops for a slow subscriber, so this never slows the ledger's writer. Without a feed (the plugin hosted
/// alone, as in its tests) only discovery and the hub's status are published.
/// </summary>
internal sealed class MqttOutputService(
    IEnumerable<IHubOutputFeed> feeds,
    EmbeddedOutput embedded,
    ExternalOutput external,
    RetainedOutputs retained,
    OutputCounters counters,
    ILogger<MqttOutputService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feeds.FirstOrDefault() is not { } feed)
        {
            OutputLog.NoFeed(logger);
            return;
        }

        if (!embedded.Attached && !external.Enabled)
        {
            return;
        }

        try
        {
            await foreach (var item in feed.SubscribeAsync(stoppingToken).ConfigureAwait(false))
            {
                if (ToMessage(item) is { } message)
                {
                    if (message.Retain)
                    {
                        retained.Remember(message);
                    }

                    await embedded.PublishAsync(message).ConfigureAwait(false);
                    external.Enqueue(message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private MqttApplicationMessage? ToMessage(HubOutput item)
    {
        switch (item)
        {
            case ReadingOutput { Valid: true } reading:
                return OutputMessages.State(reading);
            case ReadingOutput:
                counters.CountInvalidSkipped();
                return null;
            case MeterStatusOutput status:
                return OutputMessages.Availability(status);
            case AlertOutput alert:
                return OutputMessages.Alert(alert);
            default:
                return null;
        }
    }
}
