using System.Threading.Channels;
using Hub.Plugins.Mqtt.Embedded;
using Hub.Plugins.Mqtt.Ingest;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Mqtt.External;

/// <summary>
/// One connection to the external broker: acknowledges its messages in the order they arrived (MQTT §4.6), each only
/// after its reading is durable. MQTTnet's client hands messages over one at a time, but with AutoAcknowledge off the
/// handler returns at once and this pump acknowledges later, so many readings can be in the store's batch together.
/// If a reading fails to become durable, nothing more is acknowledged on this connection and the service reconnects:
/// the broker then delivers every unacknowledged message of the persistent session again (MQTT 3.1.1 §4.4).
/// </summary>
internal sealed class ExternalSession
{
    private readonly Channel<ExternalPending> _queue = Channel.CreateUnbounded<ExternalPending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ReadingOutcomes _outcomes;
    private readonly ILogger _logger;
    private readonly Action<string> _onFailure;
    private readonly Task _pump;
    private volatile bool _closed;
    private volatile bool _failed;

    public ExternalSession(ReadingOutcomes outcomes, ILogger logger, Action<string> onFailure)
    {
        _outcomes = outcomes;
        _logger = logger;
        _onFailure = onFailure;
        _pump = Task.Run(PumpAsync);
    }

    public InFlightLimit InFlight { get; } = new(BrokerConnection.MaxInFlight);

    /// <summary>Queues a message that already holds an in-flight slot.</summary>
    public void Enqueue(in ExternalPending pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            // The session closed meanwhile; the message stays unacknowledged and comes again.
            InFlight.Release();
        }
    }

    /// <summary>Stops acknowledging and waits until every queued reading is settled, before the client may reconnect.</summary>
    public async Task CloseAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private static readonly Func<ExternalPending, string> DescribeSource = p => $"external broker, topic '{p.Message.ApplicationMessage.Topic}'";

    private async Task PumpAsync()
    {
        await foreach (var pending in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (pending.MeterId is null || await IsDurableAsync(pending).ConfigureAwait(false))
                {
                    await AcknowledgeAsync(pending).ConfigureAwait(false);
                }
            }
            finally
            {
                InFlight.Release();
            }
        }
    }

    private async Task<bool> IsDurableAsync(ExternalPending pending)
    {
        try
        {
            var outcome = await pending.Ingest.ConfigureAwait(false);
            _outcomes.Record(pending.MeterId!, outcome, pending, DescribeSource);

            // A rejected reading is final: acknowledging it stops the broker from delivering it forever.
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _outcomes.Counters.CountIngestFailure();
            if (!_failed)
            {
                _failed = true;
                MqttLog.ExternalIngestFailed(_logger, ex, pending.MeterId!);
                _onFailure($"a reading of meter '{pending.MeterId}' could not be stored: {ex.Message}");
            }

            return false;
        }
    }

    private async Task AcknowledgeAsync(ExternalPending pending)
    {
        if (_closed || _failed)
        {
            return;
        }

        try
        {
            await pending.Message.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection dropped; the broker re-sends the message to the persistent session.
            MqttLog.MqttNetDebug(_logger, ex, nameof(ExternalSession), "acknowledging failed");
        }
    }
}
