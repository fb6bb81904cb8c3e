using Hub.Plugins.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SmartMeter.Peers;

/// <summary>
/// A meter as an MQTTnet 5 client: publishes canonical readings at QoS 1 on <c>smartmeter/{id}/reading</c>;
/// <see cref="PublishAsync(Reading, CancellationToken)"/> returns once the broker's PUBACK has arrived.
/// Several publishes may be in flight at once.
/// </summary>
public sealed class MeterClient : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private MeterClient(IMqttClient client, string meterId, string topic)
    {
        _client = client;
        MeterId = meterId;
        Topic = topic;
    }

    public string MeterId { get; }

    public string Topic { get; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>
    /// Connects (MQTT 3.1.1, clean session) to 127.0.0.1:<paramref name="port"/>; <paramref name="username"/> null
    /// for an anonymous connection (e.g. to a plain mosquitto).
    /// </summary>
    public static async Task<MeterClient> ConnectAsync(
        int port,
        string meterId,
        string? username,
        string? password,
        string? topic = null,
        string? clientId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId ?? $"{meterId}-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (username is not null)
        {
            builder = builder.WithCredentials(username, password);
        }

        try
        {
            var result = await client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"meter {meterId}: the broker refused the connection: {result.ResultCode} {result.ReasonString}");
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return new MeterClient(client, meterId, topic ?? $"smartmeter/{meterId}/reading");
    }

    /// <summary>Connects as a configured hub meter (its username, password and topic).</summary>
    public static Task<MeterClient> ConnectAsync(int port, HubMeter meter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return ConnectAsync(port, meter.Id, meter.Username, meter.Password, meter.ReadingTopic, cancellationToken: cancellationToken);
    }

    /// <summary>Publishes the canonical JSON of <paramref name="reading"/> at QoS 1 and waits for the PUBACK.</summary>
    /// <exception cref="InvalidOperationException">The broker answered with a failure reason.</exception>
    public Task PublishAsync(Reading reading, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return PublishAsync(ReadingJson.ToUtf8Bytes(reading), cancellationToken);
    }

    /// <summary>Publishes a raw payload at QoS 1 on the meter's topic and waits for the PUBACK.</summary>
    public async Task PublishAsync(byte[] payload, CancellationToken cancellationToken = default)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"meter {MeterId}: publish not acknowledged: {result.ReasonCode} {result.ReasonString}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is already gone (e.g. the hub was killed): nothing left to say goodbye to.
        }

        _client.Dispose();
    }
}
