using System.Diagnostics;
using Hub.Plugins.Coap.Protocol.Client;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Errors;
using Hub.Plugins.Coap.Protocol.Tests.Server;

namespace Hub.Plugins.Coap.Protocol.Tests.Client;

public sealed class CoapClientTests
{
    private static readonly CoapTransmission Fast = new() { AckTimeout = TimeSpan.FromMilliseconds(100), MaxRetransmit = 4 };

    [Fact]
    public async Task Con_request_is_retransmitted_with_doubling_timeouts_until_acknowledged()
    {
        using var peer = new RawUdp();
        await using var client = new CoapClient(peer.LocalEndPoint, Fast);
        var request = CoapMessage.Request(CoapType.Confirmable, CoapCode.Post, 0, default, "/readings") with { Payload = "x"u8.ToArray() };

        var clock = Stopwatch.StartNew();
        var sending = client.SendAsync(request);
        var arrivals = new List<TimeSpan>();
        CoapMessage copy = null!;
        byte[]? firstCopy = null;
        System.Net.IPEndPoint from = null!;
        for (var i = 0; i < 3; i++)
        {
            (var datagram, from) = await peer.ReceiveRawAsync();
            firstCopy ??= datagram;
            Assert.Equal(firstCopy, datagram); // a retransmission is the same message, same id
            copy = CoapCodec.Decode(datagram);
            arrivals.Add(clock.Elapsed);
        }

        await peer.SendAsync(new CoapMessage { Type = CoapType.Acknowledgement, Code = CoapCode.Changed, MessageId = copy.MessageId, Token = copy.Token }, from);
        var response = await sending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(CoapCode.Changed, response.Code);

        // The fourth copy may have left while the ACK was on its way (a slow test on a loaded machine): the client's
        // count must match what the peer saw, and the peer saw at least three.
        var copies = 3;
        while (!await peer.IsQuietAsync(TimeSpan.FromMilliseconds(100)))
        {
            copies++;
        }

        Assert.Equal(copies - 1, client.Retransmissions);

        // Timeouts of [100, 150] ms then twice that: the third copy cannot leave before 100 + 200 ms (lower bounds only,
        // so that a loaded machine cannot make this fail; the schedule itself is checked exactly below).
        Assert.True(arrivals[2] >= TimeSpan.FromMilliseconds(290), $"third copy after {arrivals[2].TotalMilliseconds} ms");
    }

    [Fact]
    public void Initial_timeout_is_random_between_ack_timeout_and_ack_timeout_times_random_factor()
    {
        var random = new Random(1);
        var timeouts = Enumerable.Range(0, 1000).Select(_ => CoapTransmission.Default.InitialTimeout(random)).ToList();

        Assert.All(timeouts, t => Assert.InRange(t.TotalMilliseconds, 2000, 3000));
        Assert.True(timeouts.Max() - timeouts.Min() > TimeSpan.FromMilliseconds(800)); // spread, not a constant
    }

    [Fact]
    public async Task Unacknowledged_con_gives_up_after_max_retransmit_with_a_timeout_error()
    {
        using var peer = new RawUdp();
        await using var client = new CoapClient(peer.LocalEndPoint, Fast with { MaxRetransmit = 2 });

        var error = await Assert.ThrowsAsync<CoapTimeoutException>(() =>
            client.SendAsync(CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, 0, default, "/x")));

        Assert.Contains("3 transmissions", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, client.Retransmissions);
    }

    [Fact]
    public async Task Separate_response_after_an_empty_ack_is_acknowledged_and_returned()
    {
        using var peer = new RawUdp();
        await using var client = new CoapClient(peer.LocalEndPoint, Fast);

        var sending = client.SendAsync(CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, 0, default, "/slow"));
        var (datagram, from) = await peer.ReceiveRawAsync();
        var request = CoapCodec.Decode(datagram);
        await peer.SendAsync(new CoapMessage { Type = CoapType.Acknowledgement, Code = CoapCode.Empty, MessageId = request.MessageId }, from);
        await peer.SendAsync(new CoapMessage { Type = CoapType.Confirmable, Code = CoapCode.Content, MessageId = 999, Token = request.Token, Payload = "late"u8.ToArray() }, from);

        var response = await sending.WaitAsync(TimeSpan.FromSeconds(5));

        // Copies of the request the client re-sent before our empty ACK reached it (a slow test) are not the answer.
        CoapMessage ack;
        do
        {
            ack = await peer.ReceiveAsync();
        }
        while (ack.Type == CoapType.Confirmable && ack.MessageId == request.MessageId);

        Assert.Equal("late", response.PayloadText);
        Assert.Equal(CoapType.Acknowledgement, ack.Type);
        Assert.Equal(999, ack.MessageId);
    }

    [Fact]
    public async Task Reset_is_a_typed_error()
    {
        using var peer = new RawUdp();
        await using var client = new CoapClient(peer.LocalEndPoint, Fast);

        var sending = client.SendAsync(CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, 0, default, "/x"));
        var (datagram, from) = await peer.ReceiveRawAsync();
        await peer.SendAsync(new CoapMessage { Type = CoapType.Reset, Code = CoapCode.Empty, MessageId = CoapCodec.Decode(datagram).MessageId }, from);

        await Assert.ThrowsAsync<CoapResetException>(() => sending);
    }

    [Theory]
    [InlineData(1u, 2u, true)]
    [InlineData(2u, 1u, false)]
    [InlineData(0xFFFFFFu, 1u, true)] // wrapped around (24-bit serial arithmetic)
    [InlineData(1u, 0x900000u, false)]
    public void Observe_freshness_follows_rfc7641_section_3_4(uint previous, uint next, bool newer)
    {
        var at = DateTimeOffset.UnixEpoch;
        Assert.Equal(newer, ObserveSequence.IsNewer(previous, at, next, at + TimeSpan.FromSeconds(1)));
        Assert.True(ObserveSequence.IsNewer(previous, at, next, at + TimeSpan.FromSeconds(129)));
    }
}
