using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

/// <summary>The real mosquitto tools installed on the machine.</summary>
public static class Peers
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>mosquitto_pub</c>; the caller waits for it.</summary>
    public static Process StartMosquittoPub(params string[] arguments)
    {
        var info = new ProcessStartInfo("mosquitto_pub")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("mosquitto_pub did not start");
    }

    /// <summary>Runs <c>mosquitto_pub</c> to the end: exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> MosquittoPubAsync(params string[] arguments)
    {
        using var process = StartMosquittoPub(arguments);
        return await WaitAsync(process, TimeSpan.FromSeconds(15));
    }

    public static async Task<(int ExitCode, string Output)> WaitAsync(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mosquitto_pub did not finish within {timeout}.");
        }

        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        return (process.ExitCode, output);
    }

    /// <summary>mosquitto_pub arguments for one QoS 1 message over MQTT 3.1.1 to the embedded broker.</summary>
    public static string[] Pub311(int port, string user, string password, string topic, string message) =>
        ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv311", "-q", "1", "-u", user, "-P", password, "-t", topic, "-m", message];
}
