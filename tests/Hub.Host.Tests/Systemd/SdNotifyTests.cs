using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;

namespace Hub.Host.Tests.Systemd;

/// <summary>
/// The sd_notify protocol seen from systemd's side: a unix datagram socket given to the hub as NOTIFY_SOCKET.
/// </summary>
public sealed class SdNotifyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Ready_comes_only_once_the_broker_and_the_api_listen_then_watchdog_pings_then_stopping_on_sigterm()
    {
        var socketPath = Path.Combine(_dir.Path, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var messages = new BlockingCollection<(DateTimeOffset At, string Text)>();
        var receiver = Task.Run(() =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                int n;
                try
                {
                    n = socket.Receive(buffer);
                }
                catch (SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                messages.Add((DateTimeOffset.UtcNow, Encoding.UTF8.GetString(buffer, 0, n)));
            }
        });

        var webPort = HubProcess.FreeTcpPort();
        var brokerPort = HubProcess.FreeTcpPort();
        var config = _dir.Write("hub.json", $$"""
            {
              "Hub": { "DataDir": "{{_dir.Path}}/data", "Urls": "http://127.0.0.1:{{webPort}}" },
              "Mqtt": { "EmbeddedBroker": { "Port": {{brokerPort}}, "BindAddress": "127.0.0.1" } },
              "Meters": [ { "Id": "house", "Plugin": "mqtt", "Password": "house-secret" } ]
            }
            """);
        using var hub = HubProcess.Start(config, new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = socketPath,
            ["WATCHDOG_USEC"] = "1000000",
        });

        var ready = Take(messages, m => m.Contains("READY=1", StringComparison.Ordinal), hub);

        // At READY=1, systemd starts the units that depend on the hub: both listeners must already accept.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", brokerPort);
        }

        using (var http = new HttpClient())
        {
            var health = await http.GetAsync(new Uri($"http://127.0.0.1:{webPort}/health"));
            Assert.True(health.IsSuccessStatusCode, $"/health answered {(int)health.StatusCode} at READY");
        }

        var first = Take(messages, m => m.Contains("WATCHDOG=1", StringComparison.Ordinal), hub);
        Assert.True(first.At >= ready.At);

        // The period (half of WatchdogSec): the median of three gaps after the first ping, which may itself be late
        // while the hub starts on a loaded machine (the next tick then follows sooner).
        var pings = Enumerable.Range(0, 4).Select(_ => Take(messages, m => m.Contains("WATCHDOG=1", StringComparison.Ordinal), hub).At).ToList();
        var gaps = pings.Zip(pings.Skip(1), (a, b) => (b - a).TotalMilliseconds).Order().ToList();
        Assert.InRange(gaps[1], 200, 1500);

        hub.Signal("TERM");
        Take(messages, m => m.Contains("STOPPING=1", StringComparison.Ordinal), hub);
        Assert.Equal(0, await hub.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        socket.Close();
        await receiver;
    }

    private static (DateTimeOffset At, string Text) Take(BlockingCollection<(DateTimeOffset At, string Text)> messages, Func<string, bool> match, HubProcess hub)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (messages.TryTake(out var message, TimeSpan.FromMilliseconds(200)) && match(message.Text))
            {
                return message;
            }
        }

        Assert.Fail($"no matching sd_notify message within 30 s; hub output:\n{hub.Output}");
        return default;
    }
}
