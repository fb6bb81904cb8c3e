using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmartMeter.Peers;

/// <summary>Runs Debian's libcoap3-bin tools (coap-client-notls, coap-server-notls) as real peers.</summary>
public static class Libcoap
{
    public static async Task<(int ExitCode, string Output)> ClientAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("coap-client-notls") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Starts coap-server-notls on 127.0.0.1 and a free UDP port; dispose kills it.</summary>
    public static async Task<ServerProcess> StartServerAsync(params string[] extra)
    {
        var port = FreeUdpPort();
        var start = new ProcessStartInfo("coap-server-notls") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-A", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var server = new ServerProcess(process, new IPEndPoint(IPAddress.Loopback, port));

        // Ready when /.well-known/core answers.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (code, output) = await ClientAsync("-B", "1", $"coap://127.0.0.1:{port}/.well-known/core");
            if (code == 0 && output.Contains("</", StringComparison.Ordinal))
            {
                return server;
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("coap-server-notls did not start");
    }

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public sealed class ServerProcess(Process process, IPEndPoint endPoint) : IAsyncDisposable
    {
        public IPEndPoint EndPoint { get; } = endPoint;

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
