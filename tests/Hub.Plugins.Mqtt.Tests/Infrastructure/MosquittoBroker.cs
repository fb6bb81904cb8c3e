using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

/// <summary>A real mosquitto on a free loopback port, anonymous, without persistence (sessions live in memory).</summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private MosquittoBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoBroker> StartAsync(int? port = null)
    {
        var directory = Directory.CreateTempSubdirectory("mosquitto-").FullName;
        port ??= Peers.FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"));
        var info = new ProcessStartInfo("mosquitto") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var broker = new MosquittoBroker(process, directory, port.Value);
        await Eventually.HoldsAsync(() => broker.Accepts() || process.HasExited, $"mosquitto to listen on {port}");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}");
        }

        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
