using System.Net;
using Hub.Plugins.Coap.Protocol.Server;

namespace Hub.Plugins.Coap.Protocol.Tests.Server;

public sealed class MessageDeduplicatorTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 5000);

    [Fact]
    public void A_message_id_is_remembered_for_the_exchange_lifetime_then_forgotten()
    {
        var time = new ManualTime();
        var lifetime = CoapTransmission.Default.ExchangeLifetime;
        var dedup = new MessageDeduplicator(time, lifetime);

        Assert.Equal(MessageDeduplicator.State.New, dedup.Begin(Peer, 1, out _));
        Assert.Equal(MessageDeduplicator.State.InProgress, dedup.Begin(Peer, 1, out _));
        dedup.Complete(Peer, 1, [1, 2, 3]);
        time.Now += lifetime - TimeSpan.FromSeconds(1);
        Assert.Equal(MessageDeduplicator.State.Completed, dedup.Begin(Peer, 1, out var cached));
        Assert.Equal([1, 2, 3], cached);
        time.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(MessageDeduplicator.State.New, dedup.Begin(Peer, 1, out _));
    }

    [Fact]
    public void The_same_id_from_another_endpoint_is_another_exchange()
    {
        var dedup = new MessageDeduplicator(TimeProvider.System, TimeSpan.FromMinutes(1));

        dedup.Begin(Peer, 9, out _);

        Assert.Equal(MessageDeduplicator.State.New, dedup.Begin(new IPEndPoint(IPAddress.Loopback, 5001), 9, out _));
    }

    [Fact]
    public void Exchange_lifetime_defaults_to_247_seconds()
    {
        // RFC 7252 §4.8.2: EXCHANGE_LIFETIME = 247 s, MAX_TRANSMIT_SPAN = 45 s.
        Assert.Equal(TimeSpan.FromSeconds(45), CoapTransmission.Default.MaxTransmitSpan);
        Assert.Equal(TimeSpan.FromSeconds(247), CoapTransmission.Default.ExchangeLifetime);
    }
}
