using System.Net.Sockets;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.ByteStream;

/// <summary>
/// One loop per talking meter (DSMR P1, SML): open the stream, feed every byte to the plugin's framer, mark the
/// meter online when a good frame arrives and offline when the link breaks or no good frame came within
/// <see cref="Silence"/> (a dead line, or a meter on another baud rate sending what looks like noise). A broken link
/// is reopened with a growing delay (1 s doubling to a minute). Nothing here throws out of <see cref="RunAsync"/>
/// except cancellation.
/// </summary>
public sealed partial class StreamMeterRunner
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly string _plugin;
    private readonly string _meterId;
    private readonly StreamEndpoint _endpoint;
    private readonly IFrameSink _sink;
    private readonly IMeterStatusSink _status;
    private readonly IIngestProblemSink _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _offlineReason;

    public StreamMeterRunner(
        string plugin,
        string meterId,
        StreamEndpoint endpoint,
        TimeSpan silence,
        IFrameSink sink,
        IMeterStatusSink status,
        IIngestProblemSink problems,
        TimeProvider time,
        ILogger logger)
    {
        _plugin = plugin;
        _meterId = meterId;
        _endpoint = endpoint;
        Silence = silence;
        _sink = sink;
        _status = status;
        _problems = problems;
        _time = time;
        _logger = logger;
    }

    public TimeSpan Silence { get; }

    public StreamMeterState State { get; } = new();

    public string MeterId => _meterId;

    public StreamEndpoint Endpoint => _endpoint;

    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        var buffer = new byte[4096];
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var stream = await StreamConnector.OpenAsync(_endpoint, TimeSpan.FromSeconds(10), stopping).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    State.Connected();
                    Log.Opened(_logger, _plugin, _meterId, _endpoint.ToString());
                    _sink.Reset();
                    var lastGood = _time.GetTimestamp();
                    while (true)
                    {
                        int read;
                        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                        {
                            timeout.CancelAfter(Silence);
                            try
                            {
                                read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                            {
                                throw new IOException($"no data from {_endpoint} for {Silence.TotalSeconds:0.#} s");
                            }
                        }

                        if (read == 0)
                        {
                            throw new IOException($"{_endpoint} closed the connection");
                        }

                        State.AddBytes(read);
                        var frames = await _sink.OnBytesAsync(buffer.AsMemory(0, read), stopping).ConfigureAwait(false);
                        if (frames > 0)
                        {
                            State.AddFrames(frames);
                            lastGood = _time.GetTimestamp();
                            failures = 0;
                            Online();
                        }
                        else if (_time.GetElapsedTime(lastGood) > Silence)
                        {
                            // Bytes, but nothing good: wrong baud rate or parity, or a meter that lost its mind.
                            lastGood = _time.GetTimestamp();
                            Offline(IngestProblemKind.MalformedPayload, $"bytes from {_endpoint} but no valid frame for {Silence.TotalSeconds:0.#} s; check the baud rate and parity");
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (IngestClosedException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                failures++;
                Offline(IngestProblemKind.MeterUnreachable, $"{_endpoint}: {ex.Message}");
            }

            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(failures, 10) - 1), MaxBackoff.TotalSeconds));
            try
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Online()
    {
        State.LastError = null;
        _offlineReason = null;
        if (!State.Online)
        {
            State.Online = true;
            _status.MarkOnline(_meterId);
            Log.MeterOnline(_logger, _plugin, _meterId, _endpoint.ToString());
        }
    }

    private void Offline(IngestProblemKind kind, string reason)
    {
        State.LastError = reason;
        if (State.Online || !string.Equals(reason, _offlineReason, StringComparison.Ordinal))
        {
            // Once per change: a dead line must not flood the alerts.
            State.Online = false;
            _offlineReason = reason;
            _status.MarkOffline(_meterId, reason);
            _problems.Report(new IngestProblem(_plugin, kind, _meterId, reason, _endpoint.ToString()));
            Log.MeterOffline(_logger, _plugin, _meterId, reason);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{Plugin} meter {MeterId}: opened {Endpoint}")]
        public static partial void Opened(ILogger logger, string plugin, string meterId, string endpoint);

        [LoggerMessage(2, LogLevel.Information, "{Plugin} meter {MeterId} online ({Endpoint})")]
        public static partial void MeterOnline(ILogger logger, string plugin, string meterId, string endpoint);

        [LoggerMessage(3, LogLevel.Warning, "{Plugin} meter {MeterId} offline: {Reason}")]
        public static partial void MeterOffline(ILogger logger, string plugin, string meterId, string reason);
    }
}
