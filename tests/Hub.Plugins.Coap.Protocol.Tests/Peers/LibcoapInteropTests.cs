using System.Net;
using System.Text;
using Hub.Plugins.Coap.Protocol.Client;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Tests.Server;
using SmartMeter.Peers;

namespace Hub.Plugins.Coap.Protocol.Tests.Peers;

public sealed class LibcoapInteropTests
{
    [Fact]
    public async Task Coap_client_discovers_well_known_core()
    {
        await using var server = new CoapTestServer();

        var (code, output) = await Libcoap.ClientAsync("-B", "5", $"coap://127.0.0.1:{server.EndPoint.Port}/.well-known/core");

        Assert.Equal(0, code);
        Assert.Contains("</readings>;rt=\"smartmeter.reading\";ct=110", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coap_client_posts_and_gets_the_piggybacked_answer()
    {
        await using var server = new CoapTestServer();

        var (code, output) = await Libcoap.ClientAsync("-B", "5", "-m", "post", "-t", "110", "-e", "[{\"n\":\"x\",\"v\":1}]", $"coap://127.0.0.1:{server.EndPoint.Port}/readings");

        Assert.Equal(0, code);
        Assert.Contains("got 17 bytes, call 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coap_client_sends_a_large_body_block_wise_and_it_is_reassembled()
    {
        await using var server = new CoapTestServer(maxBodyBytes: 8192);
        var body = new string('a', 3000);

        // -b 64: Block1 transfer in 64-byte blocks.
        var (code, output) = await Libcoap.ClientAsync("-B", "10", "-m", "post", "-b", "64", "-e", body, $"coap://127.0.0.1:{server.EndPoint.Port}/readings");

        Assert.Equal(0, code);
        Assert.Contains("got 3000 bytes, call 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_client_gets_from_coap_server()
    {
        await using var peer = await Libcoap.StartServerAsync();
        await using var client = new CoapClient(peer.EndPoint);

        var response = await client.SendAsync(CoapMessage.Request(CoapType.Confirmable, CoapCode.Get, 0, default, "/.well-known/core"));

        Assert.Equal(CoapCode.Content, response.Code);
        Assert.Contains("</time>", response.PayloadText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_observe_client_follows_time_on_coap_server()
    {
        await using var peer = await Libcoap.StartServerAsync();
        await using var client = new CoapClient(peer.EndPoint);
        var notifications = new List<(uint? Observe, string Text)>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var observing = client.ObserveAsync("/time", (message, _) =>
        {
            lock (notifications)
            {
                notifications.Add((message.Observe, message.PayloadText));
                if (notifications.Count >= 3)
                {
                    enough.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        }, cts.Token);

        await enough.Task.WaitAsync(cts.Token);
        await cts.CancelAsync();
        await observing.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(notifications.Count >= 3);
        Assert.All(notifications, n => Assert.NotNull(n.Observe));
        Assert.Equal(notifications.Count, notifications.Select(n => n.Text).Distinct().Count()); // the time advances
    }
}
