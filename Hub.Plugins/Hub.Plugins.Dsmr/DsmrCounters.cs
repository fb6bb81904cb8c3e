namespace Hub.Plugins.Dsmr;

/// <summary>What one P1 meter's stream brought, for <c>/health</c>.</summary>
public sealed class DsmrCounters
{
    private long _telegrams;
    private long _stored;
    private long _downSampled;
    private long _badCrc;
    private long _truncated;
    private long _noise;
    private long _malformed;

    public long Telegrams => Interlocked.Read(ref _telegrams);

    public long Stored => Interlocked.Read(ref _stored);

    public long DownSampled => Interlocked.Read(ref _downSampled);

    public long BadCrc => Interlocked.Read(ref _badCrc);

    public long Truncated => Interlocked.Read(ref _truncated);

    public long Noise => Interlocked.Read(ref _noise);

    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>The last good telegram's registers (per tariff, per phase) in Wh, W, V, A, by OBIS.</summary>
    public IReadOnlyDictionary<string, double>? LastRegisters { get; set; }

    public string? LastVersion { get; set; }

    public string? LastIdentification { get; set; }

    internal void Telegram() => Interlocked.Increment(ref _telegrams);

    internal void StoredOne() => Interlocked.Increment(ref _stored);

    internal void DownSampledOne() => Interlocked.Increment(ref _downSampled);

    internal void BadCrcOne() => Interlocked.Increment(ref _badCrc);

    internal void TruncatedOne() => Interlocked.Increment(ref _truncated);

    internal void NoiseOne() => Interlocked.Increment(ref _noise);

    internal void MalformedOne() => Interlocked.Increment(ref _malformed);
}
