using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace MeterFirmware.Tests.TestSupport;

/// <summary>
/// An MQTTnet 3.1.1 subscriber on smartmeter/# at QoS 1 with a durable session (clean session off), so the broker
/// queues what arrives while it is away and delivers it, in order, when it reconnects.
/// </summary>
public sealed class ReadingSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly Channel<(string Topic, byte[] Payload)> _received = Channel.CreateUnbounded<(string, byte[])>();
    private readonly string _clientId;

    public ReadingSubscriber(string clientId = "test-subscriber")
    {
        _clientId = clientId;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
    }

    public async Task ConnectAsync(int port, bool subscribe = true)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(_clientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(false)
            .Build();
        await _client.ConnectAsync(options);
        if (subscribe)
        {
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("smartmeter/#", MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
        }
    }

    public async Task DisconnectAsync() => await _client.DisconnectAsync();

    /// <summary>After the broker went away: waits until the client noticed, then resumes the durable session.</summary>
    public async Task ReconnectAsync(int port)
    {
        await Eventually.HoldsAsync(() => !_client.IsConnected, TimeSpan.FromSeconds(30), "the subscriber noticing the broker is gone");
        await ConnectAsync(port, subscribe: false);
    }

    /// <summary>The next <paramref name="count"/> messages, failing the test if they do not come in time.</summary>
    public async Task<List<(string Topic, byte[] Payload)>> TakeAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var messages = new List<(string, byte[])>();
        try
        {
            while (messages.Count < count)
            {
                messages.Add(await _received.Reader.ReadAsync(cts.Token));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"received {messages.Count} of {count} messages within {timeout}");
        }

        return messages;
    }

    /// <summary>Whatever else arrives within <paramref name="wait"/>.</summary>
    public async Task<int> CountExtraAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        var extra = 0;
        while (_received.Reader.TryRead(out _))
        {
            extra++;
        }

        return extra;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
