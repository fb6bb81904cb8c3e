using System.Globalization;
using System.Text;

namespace SmartMeter.Peers;

/// <summary>A real mosquitto broker on 127.0.0.1 and an OS-assigned port, anonymous access, its files in a temp folder.</summary>
public sealed class Mosquitto : IAsyncDisposable
{
    private readonly TestDirectory _directory;

    private Mosquitto(int port, ChildProcess process, TestDirectory directory)
    {
        Port = port;
        Process = process;
        _directory = directory;
    }

    public int Port { get; }

    public ChildProcess Process { get; }

    public string Log => Process.Log;

    /// <summary>The folder of its config and (with persistence) its database.</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>mosquitto's own pid (under a wrapper such as strace: the wrapped process).</summary>
    public int BrokerPid => ProcFs.Descendants(Process.Id).Prepend(Process.Id)
        .FirstOrDefault(pid => ProcFs.CommandLine(pid).StartsWith("mosquitto ", StringComparison.Ordinal), Process.Id);

    /// <summary>
    /// Starts mosquitto and waits until it accepts connections. <paramref name="persistence"/> keeps its database in
    /// the temp folder (mosquitto.conf(5)); <paramref name="extraConfig"/> adds lines, e.g. <c>max_queued_messages 0</c>.
    /// </summary>
    public static async Task<Mosquitto> StartAsync(
        bool persistence = false,
        IEnumerable<string>? extraConfig = null,
        TimeSpan? timeout = null,
        IReadOnlyList<string>? wrapper = null)
    {
        var directory = TestDirectory.Create("mosquitto");
        var port = FreePort.Next();
        var conf = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1\n")
            .Append("allow_anonymous true\n")
            // Run as root (tests and CI are root) keeps access to the temp folder instead of dropping to user mosquitto.
            .Append("user root\n")
            .Append("log_dest stderr\n") // unbuffered, unlike stdout into a pipe
            .Append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\nlog_type subscribe\n");
        if (persistence)
        {
            conf.Append("persistence true\n").Append(CultureInfo.InvariantCulture, $"persistence_location {directory.Path}/\n");
        }
        else
        {
            conf.Append("persistence false\n");
        }

        foreach (var line in extraConfig ?? [])
        {
            conf.Append(line).Append('\n');
        }

        var confPath = directory.Combine("mosquitto.conf");
        await File.WriteAllTextAsync(confPath, conf.ToString()).ConfigureAwait(false);
        string[] command = [.. wrapper ?? [], "mosquitto", "-c", confPath];
        var process = ChildProcess.Start("mosquitto", command[0], command[1..], workingDirectory: directory.Path);
        var broker = new Mosquitto(port, process, directory);
        try
        {
            await Eventually.HoldsAsync(
                async () => process.HasExited
                    ? throw new PeerExitedException($"mosquitto exited with code {process.ExitCode}.\n{process.Log}")
                    : await FreePort.IsListeningAsync(port).ConfigureAwait(false),
                timeout ?? TimeSpan.FromSeconds(15),
                $"mosquitto listens on 127.0.0.1:{port}",
                () => process.Log).ConfigureAwait(false);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until mosquitto has logged a subscription of <paramref name="clientId"/> (log_type subscribe: "&lt;client&gt; &lt;qos&gt; &lt;filter&gt;").</summary>
    public Task WaitForSubscriptionAsync(string clientId, string topicFilter, TimeSpan timeout) =>
        Process.WaitForLineAsync(
            line => line.Contains($" {clientId} ", StringComparison.Ordinal) && line.EndsWith($" {topicFilter}", StringComparison.Ordinal),
            timeout);

    /// <summary>SIGTERM to mosquitto itself (a wrapper such as strace then exits on its own, its log complete).</summary>
    public Task<int?> StopAsync() => Process.SignalAndWaitAsync(BrokerPid, PosixSignals.SigTerm, TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }
}
