using Hub.Plugins.Abstractions;
using Hub.Plugins.ByteStream;
using Hub.Plugins.Dsmr.Configuration;
using Hub.Plugins.Dsmr.Obis;
using Hub.Plugins.Dsmr.Protocol;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Dsmr;

/// <summary>
/// One P1 meter's telegrams: framed, CRC-checked, parsed, mapped, down-sampled to <c>MinIntervalSeconds</c>, and
/// ingested one at a time (the next telegram waits for the previous reading to be durable). Every refusal (bad CRC,
/// cut-off telegram, noise, a line that is not P1) is counted and reported; none stores anything.
/// </summary>
internal sealed partial class DsmrMeterSink : IFrameSink
{
    private readonly DsmrMeter _meter;
    private readonly ObisMap _map;
    private readonly IReadingIngest _ingest;
    private readonly IIngestProblemSink _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly P1Framer _framer = new();
    private readonly Dictionary<string, DateTimeOffset> _lastGas = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastStored;

    public DsmrMeterSink(DsmrMeter meter, ObisMap map, IReadingIngest ingest, IIngestProblemSink problems, TimeProvider time, ILogger logger)
    {
        _meter = meter;
        _map = map;
        _ingest = ingest;
        _problems = problems;
        _time = time;
        _logger = logger;
    }

    public DsmrCounters Counters { get; } = new();

    public void Reset() => _framer.Reset();

    public async ValueTask<int> OnBytesAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var good = 0;
        foreach (var frame in _framer.Push(data.Span))
        {
            switch (frame.Kind)
            {
                case P1FrameKind.Telegram:
                    if (await HandleAsync(frame, cancellationToken).ConfigureAwait(false))
                    {
                        good++;
                    }

                    break;
                case P1FrameKind.BadCrc:
                    Counters.BadCrcOne();
                    Refuse($"telegram refused: {frame.Detail}");
                    break;
                case P1FrameKind.Truncated:
                    Counters.TruncatedOne();
                    Refuse($"telegram refused: {frame.Detail}");
                    break;
                case P1FrameKind.Noise:
                    Counters.NoiseOne();
                    Refuse($"line noise: {frame.Detail}");
                    break;
                case P1FrameKind.NotAscii:
                    Counters.MalformedOne();
                    Refuse($"telegram refused: {frame.Detail}");
                    break;
            }
        }

        return good;
    }

    private async Task<bool> HandleAsync(P1Frame frame, CancellationToken cancellationToken)
    {
        P1Values values;
        try
        {
            var telegram = P1TelegramParser.Parse(frame.Telegram!, frame.HasCrc);
            values = P1ReadingBuilder.Build(telegram, _map, _meter.Id, _time.GetUtcNow());
            if (!frame.HasCrc && (_meter.Profile.Crc || values.Version is not null))
            {
                // DSMR 4.0 and later always send a CRC (P1 CS 5.0.2 §6.2); without one nothing vouches for the bytes.
                throw new P1FormatException($"a DSMR {values.Version ?? _meter.Profile.Standard} telegram without CRC; only DSMR 2.2/3.0 meters send none (profile {_meter.Profile.Name}).");
            }

            Counters.LastIdentification = telegram.Identification;
        }
        catch (P1FormatException ex)
        {
            Counters.MalformedOne();
            Refuse($"telegram refused: {ex.Message}");
            return false;
        }

        Counters.Telegram();
        Counters.LastRegisters = values.Registers;
        Counters.LastVersion = values.Version;
        var reading = values.Electricity;
        if (_lastStored is { } last && reading.Timestamp - last < _meter.MinInterval && reading.Timestamp >= last)
        {
            Counters.DownSampledOne();
        }
        else
        {
            await IngestAsync(reading, cancellationToken).ConfigureAwait(false);
            _lastStored = reading.Timestamp;
        }

        foreach (var gasMeter in _meter.Gas)
        {
            var gas = gasMeter.Channel is { } channel ? values.Gas.FirstOrDefault(g => g.Channel == channel) : (values.Gas.Count > 0 ? values.Gas[0] : null);
            if (gas is null || (_lastGas.TryGetValue(gasMeter.Id, out var lastGas) && lastGas == gas.CapturedAt))
            {
                continue;
            }

            await IngestAsync(
                new Reading
                {
                    MeterId = gasMeter.Id,
                    Timestamp = gas.CapturedAt,
                    EnergyImportWh = Math.Round(gas.VolumeM3 * gasMeter.WhPerM3, 3),
                },
                cancellationToken).ConfigureAwait(false);
            _lastGas[gasMeter.Id] = gas.CapturedAt;
        }

        return true;
    }

    private async Task IngestAsync(Reading reading, CancellationToken cancellationToken)
    {
        var outcome = await _ingest.IngestAsync(reading, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == IngestStatus.Rejected)
        {
            Log.Rejected(_logger, reading.MeterId, outcome.Detail ?? "no detail");
        }
        else if (outcome.Status == IngestStatus.Stored)
        {
            Counters.StoredOne();
        }
    }

    private void Refuse(string detail)
    {
        Log.Refused(_logger, _meter.Id, detail);
        _problems.Report(new IngestProblem(DsmrPluginInfo.Name, IngestProblemKind.MalformedPayload, _meter.Id, detail, _meter.Endpoint.ToString()));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "DSMR meter {MeterId}: {Detail}")]
        public static partial void Refused(ILogger logger, string meterId, string detail);

        [LoggerMessage(2, LogLevel.Warning, "DSMR reading of meter {MeterId} was rejected by the hub: {Detail}")]
        public static partial void Rejected(ILogger logger, string meterId, string detail);
    }
}
