using System.Threading.Channels;
using Hub.Plugins.Mqtt.Configuration;
using Hub.Plugins.Mqtt.HomeAssistant;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.Output;

/// <summary>
/// Publishes the hub's output to <c>Mqtt:External</c> (unless <c>Mqtt:External:Publish</c> is false) on a connection
/// of its own, separate from the subscribing one so that publishing never delays the acknowledgement of readings. Its
/// last will sets <c>smartmeter/hub/status</c> to <c>offline</c> (retained) if the hub dies; on each connection it
/// publishes <c>online</c>, the discovery configs and the newest retained state, then what comes. Messages wait in a
/// bounded queue while the broker is away; the oldest are dropped and counted.
/// </summary>
internal sealed class ExternalOutput(
    MqttTopology topology,
    HomeAssistantPublisher homeAssistant,
    RetainedOutputs retained,
    OutputCounters counters,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private const int QueueSize = 1024;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = loggerFactory.CreateLogger<ExternalOutput>();
    private readonly Channel<MqttApplicationMessage> _queue = Channel.CreateBounded<MqttApplicationMessage>(
        new BoundedChannelOptions(QueueSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => counters.CountExternalDropped());

    private volatile bool _connected;

    public bool Enabled => topology.External is { Publish: true };

    public bool Connected => _connected;

    public void Enqueue(MqttApplicationMessage message)
    {
        if (Enabled)
        {
            _queue.Writer.TryWrite(message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (topology.External is not { Publish: true } options)
        {
            return;
        }

        var factory = new MqttClientFactory();
        using var client = factory.CreateMqttClient(new MqttNetLoggerAdapter(loggerFactory.CreateLogger("MQTTnet.Client")));
        var clientId = options.ClientId + "-output";
        var clientOptions = factory.CreateClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(clientId)
            .WithCredentials(options.Username, options.Password)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(OutputTopics.HubStatus)
            .WithWillPayload(OutputTopics.OfflinePayload)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

        var retry = FirstRetry;
        MqttApplicationMessage? unsent = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connected = await client.ConnectAsync(clientOptions, stoppingToken).ConfigureAwait(false);
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new External.MqttConnectRefusedException($"the broker refused the connection: {connected.ResultCode}");
                }

                _connected = true;
                OutputLog.ExternalConnected(_logger, options.Host!, options.Port, clientId);
                await PublishAsync(client, OutputMessages.HubStatus(online: true), stoppingToken).ConfigureAwait(false);
                foreach (var message in homeAssistant.DiscoveryMessages().Concat(retained.Snapshot()))
                {
                    await PublishAsync(client, message, stoppingToken).ConfigureAwait(false);
                }

                retry = FirstRetry;
                if (unsent is not null)
                {
                    await PublishAsync(client, unsent, stoppingToken).ConfigureAwait(false);
                    unsent = null;
                }

                await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    unsent = message;
                    await PublishAsync(client, message, stoppingToken).ConfigureAwait(false);
                    unsent = null;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _connected = false;
                counters.CountExternalFailed();
                OutputLog.ExternalFailed(_logger, options.Host!, options.Port, ex.Message, retry.TotalSeconds);
                await DropConnectionAsync(client).ConfigureAwait(false);
                try
                {
                    await Task.Delay(retry, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }

        _connected = false;
        await GoOfflineAsync(client).ConfigureAwait(false);
    }

    private async Task PublishAsync(IMqttClient client, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        // QoS 1: the call completes on the broker's PUBACK, or throws when the connection is gone.
        await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        counters.CountExternalPublished();
    }

    /// <summary>A publish that timed out may leave the client connected; the next ConnectAsync needs it closed.</summary>
    private async Task DropConnectionAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            // Not a normal DISCONNECT: the broker then sends the last will, which is the truth until the next connection.
            await client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.DisconnectWithWillMessage }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MqttLog.MqttNetDebug(_logger, ex, nameof(ExternalOutput), "disconnect failed");
        }
    }

    /// <summary>A clean stop publishes <c>offline</c> itself: a normal DISCONNECT discards the last will (MQTT 3.1.1 §3.14.4).</summary>
    private async Task GoOfflineAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.PublishAsync(OutputMessages.HubStatus(online: false), timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.NormalDisconnection }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MqttLog.MqttNetDebug(_logger, ex, nameof(ExternalOutput), "going offline failed");
        }
    }
}
