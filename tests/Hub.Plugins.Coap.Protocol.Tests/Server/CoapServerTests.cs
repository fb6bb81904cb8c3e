using Hub.Plugins.Coap.Protocol.Blockwise;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.LinkFormat;

namespace Hub.Plugins.Coap.Protocol.Tests.Server;

public sealed class CoapServerTests
{
    private static CoapMessage Post(ushort mid, byte[] payload, params CoapOption[] options) =>
        CoapMessage.Request(CoapType.Confirmable, CoapCode.Post, mid, new byte[] { 0xCA, 0xFE }, "/readings", options) with { Payload = payload };

    [Fact]
    public async Task Con_request_gets_a_piggybacked_ack_with_the_same_id_and_token()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(Post(0x1234, "hello"u8.ToArray()), server.EndPoint);
        var response = await udp.ReceiveAsync();

        Assert.Equal(CoapType.Acknowledgement, response.Type);
        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.Equal(0x1234, response.MessageId);
        Assert.Equal([0xCA, 0xFE], response.Token.ToArray());
        Assert.Equal("got 5 bytes, call 1", response.PayloadText);
    }

    [Fact]
    public async Task Duplicate_con_gets_the_same_response_and_is_processed_once()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();
        var request = CoapCodec.Encode(Post(77, "x"u8.ToArray()));

        await udp.SendAsync(request, server.EndPoint);
        var first = (await udp.ReceiveRawAsync()).Datagram;
        await udp.SendAsync(request, server.EndPoint);
        var second = (await udp.ReceiveRawAsync()).Datagram;

        Assert.Equal(first, second);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task Duplicate_arriving_while_the_first_is_processed_is_not_processed_again()
    {
        await using var server = new CoapTestServer(handlerDelay: TimeSpan.FromMilliseconds(300));
        using var udp = new RawUdp();
        var request = CoapCodec.Encode(Post(78, "x"u8.ToArray()));

        await udp.SendAsync(request, server.EndPoint);
        await udp.SendAsync(request, server.EndPoint);
        var response = await udp.ReceiveAsync();

        Assert.Equal(CoapCode.Changed, response.Code);
        Assert.True(await udp.IsQuietAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task Non_request_gets_a_non_response()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(Post(5, "x"u8.ToArray()) with { Type = CoapType.NonConfirmable }, server.EndPoint);
        var response = await udp.ReceiveAsync();

        Assert.Equal(CoapType.NonConfirmable, response.Type);
        Assert.Equal(CoapCode.Changed, response.Code);
    }

    [Fact]
    public async Task Unknown_critical_option_is_4_02_and_unknown_elective_is_ignored()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(Post(1, "x"u8.ToArray(), new CoapOption(2049, new byte[] { 1 })), server.EndPoint);
        var critical = await udp.ReceiveAsync();
        await udp.SendAsync(Post(2, "x"u8.ToArray(), new CoapOption(2048, new byte[] { 1 })), server.EndPoint);
        var elective = await udp.ReceiveAsync();

        Assert.Equal(CoapCode.BadOption, critical.Code);
        Assert.Equal(CoapCode.Changed, elective.Code);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task Malformed_con_is_reset_and_the_server_keeps_answering()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(Convert.FromHexString("40027D34BB7465"), server.EndPoint); // truncated option
        var reset = await udp.ReceiveAsync();
        await udp.SendAsync(Post(9, "x"u8.ToArray()), server.EndPoint);
        var ok = await udp.ReceiveAsync();

        Assert.Equal(CoapType.Reset, reset.Type);
        Assert.Equal(0x7d34, reset.MessageId);
        Assert.Equal(CoapCode.Changed, ok.Code);
        Assert.Equal(1, server.Server.MalformedCount);
    }

    [Fact]
    public async Task Empty_con_ping_is_answered_with_reset()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(new CoapMessage { Type = CoapType.Confirmable, Code = CoapCode.Empty, MessageId = 42 }, server.EndPoint);
        var reply = await udp.ReceiveAsync();

        Assert.Equal(CoapType.Reset, reply.Type);
        Assert.Equal(42, reply.MessageId);
    }

    [Fact]
    public async Task Unknown_path_is_4_04_with_a_diagnostic()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, 3, default, "/nope"), server.EndPoint);
        var reply = await udp.ReceiveAsync();

        Assert.Equal(CoapCode.NotFound, reply.Code);
        Assert.Contains(".well-known/core", reply.PayloadText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Well_known_core_lists_resources_in_link_format()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, 4, default, "/.well-known/core"), server.EndPoint);
        var reply = await udp.ReceiveAsync();

        Assert.Equal(CoapCode.Content, reply.Code);
        Assert.Equal(40u, reply.ContentFormat);
        var link = CoreLinkFormat.Parse(reply.PayloadText).Single();
        Assert.Equal("/readings", link.Target);
        Assert.Equal("110", link["ct"]);
    }

    [Fact]
    public async Task Block1_transfer_is_reassembled_with_2_31_continue_per_block()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();
        var body = new byte[64 * 2 + 10];

        var codes = new List<CoapCode>();
        for (uint n = 0; n < 3; n++)
        {
            var offset = (int)n * 64;
            var chunk = body[offset..Math.Min(offset + 64, body.Length)];
            var block = new BlockOption(n, n < 2, 2).ToOption(CoapOptionNumber.Block1);
            await udp.SendAsync(Post((ushort)(100 + n), chunk, block), server.EndPoint);
            var reply = await udp.ReceiveAsync();
            codes.Add(reply.Code);
            Assert.Equal(n, BlockOption.Parse(reply.First(CoapOptionNumber.Block1)!.Value).Number);
            if (n == 2)
            {
                Assert.Equal($"got {body.Length} bytes, call 1", reply.PayloadText);
            }
        }

        Assert.Equal([CoapCode.Continue, CoapCode.Continue, CoapCode.Changed], codes);
    }

    [Fact]
    public async Task Block1_out_of_order_is_4_08_and_nothing_is_processed()
    {
        await using var server = new CoapTestServer();
        using var udp = new RawUdp();

        await udp.SendAsync(Post(200, new byte[64], new BlockOption(0, true, 2).ToOption(CoapOptionNumber.Block1)), server.EndPoint);
        await udp.ReceiveAsync();
        await udp.SendAsync(Post(201, new byte[64], new BlockOption(2, false, 2).ToOption(CoapOptionNumber.Block1)), server.EndPoint);
        var reply = await udp.ReceiveAsync();

        Assert.Equal(CoapCode.RequestEntityIncomplete, reply.Code);
        Assert.Equal(0, server.Calls);
    }

    [Fact]
    public async Task Huge_block1_body_is_4_13_with_size1()
    {
        await using var server = new CoapTestServer(maxBodyBytes: 150);
        using var udp = new RawUdp();

        CoapMessage reply = null!;
        for (uint n = 0; n < 4; n++)
        {
            await udp.SendAsync(Post((ushort)(300 + n), new byte[64], new BlockOption(n, true, 2).ToOption(CoapOptionNumber.Block1)), server.EndPoint);
            reply = await udp.ReceiveAsync();
            if (reply.Code != CoapCode.Continue)
            {
                break;
            }
        }

        Assert.Equal(CoapCode.RequestEntityTooLarge, reply.Code);
        Assert.Equal(150u, reply.First(CoapOptionNumber.Size1)!.Value.AsUInt());
        Assert.Equal(0, server.Calls);
    }

    [Fact]
    public async Task Single_datagram_over_the_limit_is_4_13()
    {
        await using var server = new CoapTestServer(maxBodyBytes: 100);
        using var udp = new RawUdp();

        await udp.SendAsync(Post(400, new byte[101]), server.EndPoint);
        var reply = await udp.ReceiveAsync();

        Assert.Equal(CoapCode.RequestEntityTooLarge, reply.Code);
    }

    [Fact]
    public async Task Long_response_is_served_block2_by_block2()
    {
        var resources = Enumerable.Range(0, 8).Select(i => new Hub.Plugins.Coap.Protocol.Server.CoapResource(
            $"/resource-with-a-long-name-{i}", [new("rt", "smartmeter.test")], (_, _) => ValueTask.FromResult(new Hub.Plugins.Coap.Protocol.Server.CoapResponse(CoapCode.Content))));
        await using var server = new Hub.Plugins.Coap.Protocol.Server.CoapServer(
            new() { Endpoint = new(System.Net.IPAddress.Loopback, 0), BlockSize = 64 }, resources);
        server.Start();
        using var udp = new RawUdp();

        var body = new List<byte>();
        for (uint n = 0; ; n++)
        {
            var request = CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, (ushort)(500 + n), default, "/.well-known/core",
                new BlockOption(n, false, 2).ToOption(CoapOptionNumber.Block2));
            await udp.SendAsync(request, server.LocalEndPoint);
            var reply = await udp.ReceiveAsync();
            body.AddRange(reply.Payload.ToArray());
            if (!BlockOption.Parse(reply.First(CoapOptionNumber.Block2)!.Value).More)
            {
                break;
            }
        }

        var links = CoreLinkFormat.Parse(System.Text.Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(8, links.Count);
    }
}
