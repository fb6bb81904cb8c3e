namespace Hub.Plugins.Mqtt.Output;

/// <summary>What the MQTT output did since start, for <c>/health</c> (<c>outputs.mqtt</c>).</summary>
internal sealed class OutputCounters
{
    private long _embeddedPublished;
    private long _externalPublished;
    private long _externalFailed;
    private long _externalDropped;
    private long _invalidSkipped;

    public long EmbeddedPublished => Interlocked.Read(ref _embeddedPublished);

    public long ExternalPublished => Interlocked.Read(ref _externalPublished);

    public long ExternalFailed => Interlocked.Read(ref _externalFailed);

    public long ExternalDropped => Interlocked.Read(ref _externalDropped);

    public long InvalidSkipped => Interlocked.Read(ref _invalidSkipped);

    public void CountEmbeddedPublished() => Interlocked.Increment(ref _embeddedPublished);

    public void CountExternalPublished() => Interlocked.Increment(ref _externalPublished);

    public void CountExternalFailed() => Interlocked.Increment(ref _externalFailed);

    public void CountExternalDropped() => Interlocked.Increment(ref _externalDropped);

    public void CountInvalidSkipped() => Interlocked.Increment(ref _invalidSkipped);
}
