using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Configuration;
using Hub.Plugins.Modbus.Protocol;
using Hub.Plugins.Modbus.SunSpec;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>
/// One polling loop per meter (Home Assistant's DataUpdateCoordinator): read the profile's quantities, make a
/// canonical reading stamped with the hub's receive time (no seq: deduplicated by timestamp), hand it to the ingest,
/// and keep the meter's online/offline status. A failing meter is retried with a growing delay (up to a minute, or
/// the poll interval if longer); its errors never reach the other meters' loops.
/// </summary>
internal sealed class MeterCoordinator
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly ModbusMeter _meter;
    private readonly IModbusClient _client;
    private readonly IMeterReader _reader;
    private readonly IReadingIngest _ingest;
    private readonly IMeterStatusSink _status;
    private readonly IIngestProblemSink _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _failures;
    private string? _offlineReason;
    private bool _online;

    public MeterCoordinator(
        ModbusMeter meter,
        IModbusClient client,
        IReadingIngest ingest,
        IMeterStatusSink status,
        IIngestProblemSink problems,
        TimeProvider time,
        ILogger logger)
    {
        _meter = meter;
        _client = client;
        _ingest = ingest;
        _status = status;
        _problems = problems;
        _time = time;
        _logger = logger;
        _reader = meter.Profile.SunSpec is { } sunSpec ? new SunSpecReader(sunSpec) : new ProfileReader(meter.Profile);
    }

    public MeterPollState State { get; } = new();

    public string MeterId => _meter.Id;

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            TimeSpan wait;
            try
            {
                await PollOnceAsync(stopping).ConfigureAwait(false);
                wait = _meter.PollInterval - _time.GetElapsedTime(started);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (IngestClosedException)
            {
                return;
            }
            catch (Exception ex) when (Describe(ex) is { } problem)
            {
                wait = Failed(problem.Kind, problem.Reason);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Anything else (a bug, the ingest failing) must not end this loop, nor, through the hosted
                // service, the hub and every other meter: log it, count the meter offline, try again later.
                ModbusLog.Unexpected(_logger, ex, _meter.Id);
                wait = Failed(IngestProblemKind.TransportError, $"{_meter.Endpoint} unit {_meter.UnitId}: internal error ({ex.GetType().Name}: {ex.Message})");
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One poll: read, decode, ingest, mark online.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var values = await _reader.ReadAsync(_client, _meter.UnitId, cancellationToken).ConfigureAwait(false);
        var reading = values.Build(_meter.Id, _time.GetUtcNow())
            ?? throw new ModbusFrameException($"profile {_meter.Profile.Name} decoded no quantity from unit {_meter.UnitId}.");
        var outcome = await _ingest.IngestAsync(reading, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == IngestStatus.Rejected)
        {
            ModbusLog.Rejected(_logger, _meter.Id, outcome.Detail ?? "no detail");
        }

        State.Succeeded(_reader.LastRequestCount);
        _failures = 0;
        _offlineReason = null;
        if (!_online)
        {
            _online = true;
            _status.MarkOnline(_meter.Id);
            ModbusLog.MeterOnline(_logger, _meter.Id, _meter.Endpoint.ToString(), _meter.UnitId, _meter.Profile.Name, _reader.LastRequestCount);
        }
    }

    private TimeSpan Failed(IngestProblemKind kind, string reason)
    {
        _failures++;
        State.Failed(reason);
        var backoff = Backoff(_meter.PollInterval, _failures);
        if (_online || !string.Equals(reason, _offlineReason, StringComparison.Ordinal))
        {
            // Once per change, not once per poll: a dead meter must not flood the alerts.
            _online = false;
            _offlineReason = reason;
            _status.MarkOffline(_meter.Id, reason);
            _problems.Report(new IngestProblem(ModbusPluginInfo.Name, kind, _meter.Id, reason, _meter.Endpoint.ToString()));
            ModbusLog.MeterOffline(_logger, _meter.Id, reason, backoff.TotalSeconds);
        }
        else
        {
            ModbusLog.StillOffline(_logger, _meter.Id, reason);
        }

        return backoff;
    }

    /// <summary>poll x 2^(failures-1), capped at a minute (or the poll interval when that is longer).</summary>
    public static TimeSpan Backoff(TimeSpan pollInterval, int failures)
    {
        var cap = pollInterval > MaxBackoff ? pollInterval : MaxBackoff;
        var factor = Math.Pow(2, Math.Min(Math.Max(failures - 1, 0), 20));
        var ticks = Math.Min(pollInterval.Ticks * factor, cap.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private (IngestProblemKind Kind, string Reason)? Describe(Exception ex)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{_meter.Endpoint} unit {_meter.UnitId}");
        return ex switch
        {
            ModbusException refused => (IngestProblemKind.TransportError, $"{where}: {refused.Message}"),
            ModbusTimeoutException timeout => (IngestProblemKind.MeterUnreachable, $"{where}: no answer ({timeout.Message})"),
            ModbusFrameException frame => (IngestProblemKind.TransportError, $"{where}: bad answer ({frame.Message})"),
            ModbusCommunicationException link => (IngestProblemKind.MeterUnreachable, $"{where}: unreachable ({link.Message})"),
            SunSpecDiscoveryException sunSpec => (IngestProblemKind.TransportError, $"{where}: {sunSpec.Message}"),
            IOException or UnauthorizedAccessException => (IngestProblemKind.MeterUnreachable, $"{where}: {ex.Message}"),
            _ => null,
        };
    }
}
