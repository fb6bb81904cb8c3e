using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MeterFirmware.Tests.TestSupport;

/// <summary>
/// A real mosquitto on 127.0.0.1 and a port of the test's choosing, configured from a temp mosquitto.conf.
/// Persistence is on, so a subscriber's durable session (and the messages queued for it) survives a restart.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly Process _process;

    private MosquittoBroker(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A port nobody listens on right now (the OS picks it; tiny reuse race accepted).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="port">Listener port.</param>
    /// <param name="dataDirectory">Holds mosquitto.conf, the persistence file and the log.</param>
    /// <param name="extraConfig">More config lines (e.g. allow_anonymous false + password_file).</param>
    public static async Task<MosquittoBroker> StartAsync(int port, string dataDirectory, string? extraConfig = null)
    {
        var conf = Path.Combine(dataDirectory, "mosquitto.conf");
        var anonymous = extraConfig?.Contains("allow_anonymous", StringComparison.Ordinal) == true ? "" : "allow_anonymous true\n";
        await File.WriteAllTextAsync(conf,
            $"listener {port} 127.0.0.1\n{anonymous}persistence true\npersistence_location {dataDirectory}/\n" +
            // As root mosquitto would switch to user 'mosquitto', who cannot write the test's temp directory.
            "user root\n" +
            $"log_dest file {Path.Combine(dataDirectory, "mosquitto.log")}\n{extraConfig}\n");

        var process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", conf])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("mosquitto did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}; see {dataDirectory}/mosquitto.log");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new MosquittoBroker(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new TimeoutException($"mosquitto did not listen on {port} within 10 s");
    }

    /// <summary>SIGTERM, so that mosquitto saves its persistence database, then wait for exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
