using System.Collections.Concurrent;
using System.Globalization;

namespace SmartMeter.Peers;

/// <summary>One MQTT message as <c>mosquitto_sub -v</c> printed it.</summary>
public sealed record ReceivedMessage(string Topic, string Payload);

/// <summary>
/// <c>mosquitto_sub -V mqttv311 -q 1 -v</c> running in the background as an independent MQTT client that subscribes to
/// the hub's output: every message it prints is kept, in arrival order.
/// </summary>
public sealed class MosquittoSubscriber : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly ChildProcess _process;

    private MosquittoSubscriber(int port, IReadOnlyList<string> filters, string? username, string? password)
    {
        var arguments = new List<string> { "-V", "mqttv311", "-q", "1", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-v" };
        if (username is not null)
        {
            arguments.AddRange(["-u", username]);
        }

        if (password is not null)
        {
            arguments.AddRange(["-P", password]);
        }

        foreach (var filter in filters)
        {
            arguments.AddRange(["-t", filter]);
        }

        _process = ChildProcess.Start("mosquitto_sub", "mosquitto_sub", arguments, onLine: OnLine);
    }

    public IReadOnlyList<ReceivedMessage> Messages => [.. _messages];

    public string Log => _process.Log;

    /// <summary>Starts mosquitto_sub; it subscribes to all <paramref name="filters"/> in one SUBSCRIBE.</summary>
    public static MosquittoSubscriber Start(int port, IReadOnlyList<string> filters, string? username = null, string? password = null) =>
        new(port, filters, username, password);

    /// <summary>Waits until a message satisfies <paramref name="predicate"/> and returns the first that does.</summary>
    public async Task<ReceivedMessage> WaitForAsync(Func<ReceivedMessage, bool> predicate, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ReceivedMessage? found = null;
        await Eventually.HoldsAsync(
            () =>
            {
                if (_process.HasExited)
                {
                    throw new PeerExitedException($"mosquitto_sub exited with code {_process.ExitCode}.\n{_process.Log}");
                }

                found = _messages.FirstOrDefault(predicate);
                return Task.FromResult(found is not null);
            },
            timeout,
            what,
            () => _process.Log).ConfigureAwait(false);
        return found!;
    }

    /// <summary>The newest message on <paramref name="topic"/>, waiting until there is one.</summary>
    public async Task<ReceivedMessage> LatestAsync(string topic, TimeSpan timeout)
    {
        await WaitForAsync(m => m.Topic == topic, timeout, $"a message on {topic}").ConfigureAwait(false);
        return _messages.Last(m => m.Topic == topic);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.TerminateAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    private void OnLine(string line)
    {
        // -v prints "topic payload"; topics have no spaces. stderr lines (errors) have none of the hub's topic prefixes.
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && (line.StartsWith("smartmeter/", StringComparison.Ordinal) || line.StartsWith("homeassistant/", StringComparison.Ordinal)))
        {
            _messages.Enqueue(new ReceivedMessage(line[..space], line[(space + 1)..]));
        }
    }
}
