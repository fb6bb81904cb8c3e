using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging;

namespace MeterFirmware.Uplink;

/// <summary>
/// The MQTT 5 connection to the broker (MQTTnet 5): connect with the URL's credentials, publish QoS 1 and wait for
/// the PUBACK (MQTT 5.0 §4.3.2). Clean start: redelivery after a reconnect is the outbox's job, not the session's.
/// </summary>
internal sealed class MqttPublisher : IUplinkPublisher
{
    private static readonly TimeSpan CommunicationTimeout = TimeSpan.FromSeconds(5);
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private volatile bool _expectDisconnect;

    public MqttPublisher(MqttUrl broker, string clientId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(logger);
        Broker = broker;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(CommunicationTimeout);
        if (broker.Username is not null)
        {
            builder = builder.WithCredentials(broker.Username, broker.Password);
        }

        _options = builder.Build();
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public MqttUrl Broker { get; }

    public string Endpoint => Broker.ToString();

    public bool IsConnected => _client.IsConnected;

    /// <exception cref="MqttCommunicationException">The broker is unreachable or refused us; the message says why.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _expectDisconnect = false;
        await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes at QoS 1 and waits for the PUBACK.</summary>
    /// <exception cref="MqttCommunicationException">The connection failed before the PUBACK came.</exception>
    public async Task<(PublishOutcome Outcome, string Reason)> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
            .Build();

        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        var reason = result.ReasonString is { Length: > 0 } text ? $"{result.ReasonCode} ({text})" : result.ReasonCode.ToString();
        return result.ReasonCode switch
        {
            MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers => (PublishOutcome.Acknowledged, reason),
            MqttClientPublishReasonCode.PayloadFormatInvalid or MqttClientPublishReasonCode.TopicNameInvalid => (PublishOutcome.Rejected, reason),
            _ => (PublishOutcome.RefusedForNow, reason),
        };
    }

    /// <summary>Drops a connection that stopped answering, so the next attempt starts afresh.</summary>
    public async Task AbortAsync()
    {
        _expectDisconnect = true;
        using var timeout = new CancellationTokenSource(CommunicationTimeout);
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.UnspecifiedError).Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is already gone; that is what we wanted.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _expectDisconnect = true;
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(CommunicationTimeout);
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
            {
                // Shutting down anyway.
            }
        }

        _client.DisconnectedAsync -= OnDisconnectedAsync;
        _client.Dispose();
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        // Fires for failed connect attempts too; those are logged by the uplink, only lost connections here.
        if (args.ClientWasConnected && !_expectDisconnect)
        {
            Log.Disconnected(_logger, Broker, args.Reason.ToString(), args.Exception?.Message ?? args.ReasonString ?? "no detail");
        }

        return Task.CompletedTask;
    }
}
