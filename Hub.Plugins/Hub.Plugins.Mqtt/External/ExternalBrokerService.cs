using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Configuration;
using Hub.Plugins.Mqtt.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.External;

/// <summary>
/// Subscribes at QoS 1 to the topics of the <c>"Broker": "external"</c> meters on <c>Mqtt:External</c>, with a
/// persistent session (clean session off, fixed client id) so that readings published while the hub was down are
/// delivered when it comes back, and acknowledges each only after it is durable (see <see cref="ExternalSession"/>).
/// Reconnects with exponential back-off; external meters are marked offline while the broker is unreachable.
/// </summary>
internal sealed class ExternalBrokerService(
    MqttTopology topology,
    MqttPluginStatus status,
    IReadingIngest ingest,
    ReadingOutcomes outcomes,
    MqttProblemReporter problems,
    MeterPresence presence,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = loggerFactory.CreateLogger<ExternalBrokerService>();
    private volatile ExternalSession? _session;
    private volatile TaskCompletionSource<string>? _lost;
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (topology.External is not { } options)
        {
            return;
        }

        _stopping = stoppingToken;
        var factory = new MqttClientFactory();
        using var client = factory.CreateMqttClient(new MqttNetLoggerAdapter(loggerFactory.CreateLogger("MQTTnet.Client")));
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += e =>
        {
            _lost?.TrySetResult(e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString());
            return Task.CompletedTask;
        };

        var clientOptions = factory.CreateClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(options.ClientId)
            .WithCredentials(options.Username, options.Password)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();

        var retry = FirstRetry;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _lost = lost;
            var session = new ExternalSession(outcomes, _logger, reason => lost.TrySetResult(reason));
            _session = session;
            string reason;
            var wasConnected = false;
            try
            {
                var connected = await client.ConnectAsync(clientOptions, stoppingToken).ConfigureAwait(false);
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                {
                    // MQTTnet returns a refused CONNECT (e.g. bad credentials) as a result, not as an exception.
                    throw new MqttConnectRefusedException($"the broker refused the connection: {connected.ResultCode} {connected.ReasonString}".TrimEnd());
                }

                await SubscribeAsync(client, factory, stoppingToken).ConfigureAwait(false);
                wasConnected = true;
                status.ExternalUp();
                retry = FirstRetry;
                failures = 0;
                MqttLog.ExternalConnected(_logger, options.Host!, options.Port, options.ClientId, connected.IsSessionPresent, topology.ExternalMeters.Count);
                reason = await lost.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                MqttLog.ExternalDisconnected(_logger, options.Host!, options.Port, reason);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await session.CloseAsync().ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                reason = ex.Message;
                failures++;
                if (failures == 1)
                {
                    MqttLog.ExternalConnectFailed(_logger, options.Host!, options.Port, reason, retry.TotalSeconds);
                }
                else
                {
                    MqttLog.ExternalConnectStillFailing(_logger, options.Host!, options.Port, reason, retry.TotalSeconds);
                }
            }

            status.ExternalDown(reason);
            foreach (var meter in topology.ExternalMeters)
            {
                presence.MarkOffline(meter.Id, $"the external MQTT broker {options.Host}:{options.Port} is not connected: {reason}");
            }

            // Settle (without acknowledging) what this connection delivered before a new connection may acknowledge anything.
            await session.CloseAsync().ConfigureAwait(false);
            await DisconnectQuietlyAsync(client).ConfigureAwait(false);
            try
            {
                await Task.Delay(wasConnected ? FirstRetry : retry, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (!wasConnected)
            {
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }

        status.ExternalDown("stopped");
        await DisconnectQuietlyAsync(client).ConfigureAwait(false);
    }

    private async Task SubscribeAsync(IMqttClient client, MqttClientFactory factory, CancellationToken cancellationToken)
    {
        if (topology.ExternalMeters.Count == 0)
        {
            return;
        }

        var builder = factory.CreateSubscribeOptionsBuilder();
        foreach (var meter in topology.ExternalMeters)
        {
            builder.WithTopicFilter(meter.Topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var result = await client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        foreach (var item in result.Items)
        {
            if (item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            {
                // QoS 0 would lose readings while the hub is down; a refusal means no readings at all. Both are worth knowing.
                problems.Report(
                    IngestProblemKind.TopicNotAllowed,
                    topology.ExternalByTopic.GetValueOrDefault(item.TopicFilter.Topic)?.Id,
                    $"the external broker answered the subscription to '{item.TopicFilter.Topic}' with {item.ResultCode}; the hub needs QoS 1.",
                    "external broker");
            }
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var session = _session;
        if (session is null)
        {
            return Task.CompletedTask;
        }

        return session.InFlight.TryEnter() ? Accept(session, e) : AcceptWhenRoomAsync(session, e);
    }

    private async Task AcceptWhenRoomAsync(ExternalSession session, MqttApplicationMessageReceivedEventArgs e)
    {
        await session.InFlight.EnterAsync(_stopping).ConfigureAwait(false);
        await Accept(session, e).ConfigureAwait(false);
    }

    private Task Accept(ExternalSession session, MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        var topic = message.Topic ?? string.Empty;
        if (!topology.ExternalByTopic.TryGetValue(topic, out var meter))
        {
            problems.Report(IngestProblemKind.UnknownMeter, null, $"a message on '{topic}' matches no external meter's topic; it was not stored.", $"external broker, topic '{topic}'");
            session.Enqueue(new ExternalPending(e, null, default));
            return Task.CompletedTask;
        }

        var parsed = ParsedPayload.Parse(message.Payload, meter.Id, topology.MaxPayloadBytes, time.GetUtcNow(), meter.Format);
        if (parsed.Reading is not { } reading)
        {
            problems.Report(parsed.Problem, meter.Id, parsed.Detail!, $"external broker, topic '{topic}'");
            session.Enqueue(new ExternalPending(e, null, default));
            return Task.CompletedTask;
        }

        ValueTask<IngestOutcome> pending;
        try
        {
            pending = ingest.IngestAsync(reading, _stopping);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            pending = ValueTask.FromException<IngestOutcome>(ex);
        }

        session.Enqueue(new ExternalPending(e, meter.Id, pending));
        return Task.CompletedTask;
    }

    private async Task DisconnectQuietlyAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            // A normal DISCONNECT keeps the persistent session, and its unacknowledged messages, on the broker.
            await client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.NormalDisconnection }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MqttLog.MqttNetDebug(_logger, ex, nameof(ExternalBrokerService), "disconnect failed");
        }
    }
}
