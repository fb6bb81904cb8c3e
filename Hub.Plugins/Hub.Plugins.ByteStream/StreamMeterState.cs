namespace Hub.Plugins.ByteStream;

/// <summary>Counters of one talking meter, for <c>/health</c>.</summary>
public sealed class StreamMeterState
{
    private long _bytes;
    private long _frames;
    private long _connects;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Frames => Interlocked.Read(ref _frames);

    public long Connects => Interlocked.Read(ref _connects);

    private volatile bool _online;
    private volatile string? _lastError;

    public bool Online { get => _online; set => _online = value; }

    public string? LastError { get => _lastError; set => _lastError = value; }

    internal void AddBytes(int count) => Interlocked.Add(ref _bytes, count);

    internal void AddFrames(int count) => Interlocked.Add(ref _frames, count);

    internal void Connected() => Interlocked.Increment(ref _connects);
}
