using Hub.Plugins.Abstractions;
using Hub.Plugins.ByteStream;
using Hub.Plugins.Sml.Configuration;
using Hub.Plugins.Sml.Obis;
using Hub.Plugins.Sml.Protocol;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Sml;

/// <summary>Counters of one SML meter, for <c>/health</c>.</summary>
public sealed class SmlCounters
{
    private long _files;
    private long _stored;
    private long _downSampled;
    private long _badCrc;
    private long _truncated;
    private long _noise;
    private long _malformed;

    public long Files => Interlocked.Read(ref _files);

    public long Stored => Interlocked.Read(ref _stored);

    public long DownSampled => Interlocked.Read(ref _downSampled);

    public long BadCrc => Interlocked.Read(ref _badCrc);

    public long Truncated => Interlocked.Read(ref _truncated);

    public long Noise => Interlocked.Read(ref _noise);

    public long Malformed => Interlocked.Read(ref _malformed);

    public string? ServerId { get; set; }

    public IReadOnlyDictionary<string, double>? LastRegisters { get; set; }

    internal void File() => Interlocked.Increment(ref _files);

    internal void StoredOne() => Interlocked.Increment(ref _stored);

    internal void DownSampledOne() => Interlocked.Increment(ref _downSampled);

    internal void BadCrcOne() => Interlocked.Increment(ref _badCrc);

    internal void TruncatedOne() => Interlocked.Increment(ref _truncated);

    internal void NoiseOne() => Interlocked.Increment(ref _noise);

    internal void MalformedOne() => Interlocked.Increment(ref _malformed);
}

/// <summary>
/// One SML meter's files: framed, CRC-checked, decoded, mapped, checked against the configured server id,
/// down-sampled, ingested one at a time. Every refusal is counted and reported; none stores anything.
/// </summary>
internal sealed partial class SmlMeterSink : IFrameSink
{
    private readonly SmlMeter _meter;
    private readonly SmlObisMap _map;
    private readonly IReadingIngest _ingest;
    private readonly IIngestProblemSink _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SmlFramer _framer = new();
    private DateTimeOffset? _lastStored;

    public SmlMeterSink(SmlMeter meter, SmlObisMap map, IReadingIngest ingest, IIngestProblemSink problems, TimeProvider time, ILogger logger)
    {
        _meter = meter;
        _map = map;
        _ingest = ingest;
        _problems = problems;
        _time = time;
        _logger = logger;
    }

    public SmlCounters Counters { get; } = new();

    public void Reset() => _framer.Reset();

    public async ValueTask<int> OnBytesAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var good = 0;
        foreach (var frame in _framer.Push(data.Span))
        {
            switch (frame.Kind)
            {
                case SmlFrameKind.File:
                    if (await HandleAsync(frame.Payload!, cancellationToken).ConfigureAwait(false))
                    {
                        good++;
                    }

                    break;
                case SmlFrameKind.BadCrc:
                    Counters.BadCrcOne();
                    Refuse($"SML file refused: {frame.Detail}");
                    break;
                case SmlFrameKind.Truncated:
                    Counters.TruncatedOne();
                    Refuse($"SML file refused: {frame.Detail}");
                    break;
                case SmlFrameKind.Noise:
                    Counters.NoiseOne();
                    Refuse($"line noise: {frame.Detail}");
                    break;
                default:
                    Counters.MalformedOne();
                    Refuse($"SML file refused: {frame.Detail}");
                    break;
            }
        }

        return good;
    }

    private async Task<bool> HandleAsync(byte[] payload, CancellationToken cancellationToken)
    {
        SmlValues values;
        try
        {
            values = SmlReadingBuilder.Build(SmlFileParser.Parse(payload), _map, _meter.Id, _time.GetUtcNow());
        }
        catch (SmlFormatException ex)
        {
            Counters.MalformedOne();
            Refuse($"SML file refused: {ex.Message}");
            return false;
        }

        if (_meter.ServerId is { } expected && !string.Equals(values.ServerId, expected, StringComparison.Ordinal))
        {
            Counters.MalformedOne();
            Refuse($"SML file refused: server id {values.ServerId ?? "(none)"} is not this meter's {expected}; is the read head on the right meter?");
            return false;
        }

        Counters.File();
        Counters.ServerId = values.ServerId;
        Counters.LastRegisters = values.Registers;
        var reading = values.Reading;
        if (_lastStored is { } last && reading.Timestamp - last < _meter.MinInterval && reading.Timestamp >= last)
        {
            Counters.DownSampledOne();
            return true;
        }

        var outcome = await _ingest.IngestAsync(reading, cancellationToken).ConfigureAwait(false);
        _lastStored = reading.Timestamp;
        if (outcome.Status == IngestStatus.Rejected)
        {
            Log.Rejected(_logger, reading.MeterId, outcome.Detail ?? "no detail");
        }
        else if (outcome.Status == IngestStatus.Stored)
        {
            Counters.StoredOne();
        }

        return true;
    }

    private void Refuse(string detail)
    {
        Log.Refused(_logger, _meter.Id, detail);
        _problems.Report(new IngestProblem(SmlPluginInfo.Name, IngestProblemKind.MalformedPayload, _meter.Id, detail, _meter.Endpoint.ToString()));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "SML meter {MeterId}: {Detail}")]
        public static partial void Refused(ILogger logger, string meterId, string detail);

        [LoggerMessage(2, LogLevel.Warning, "SML reading of meter {MeterId} was rejected by the hub: {Detail}")]
        public static partial void Rejected(ILogger logger, string meterId, string detail);
    }
}
