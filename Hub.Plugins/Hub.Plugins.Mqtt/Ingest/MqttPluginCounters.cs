using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Ingest;

/// <summary>Counts for the health report; lock-free so that counting costs nothing on the hot path.</summary>
internal sealed class MqttPluginCounters
{
    private readonly long[] _problems = new long[Enum.GetValues<IngestProblemKind>().Length];
    private long _stored;
    private long _duplicates;
    private long _rejected;
    private long _ingestFailures;

    public long Stored => Interlocked.Read(ref _stored);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long IngestFailures => Interlocked.Read(ref _ingestFailures);

    public long Problems(IngestProblemKind kind) => Interlocked.Read(ref _problems[(int)kind]);

    internal void CountStored() => Interlocked.Increment(ref _stored);

    internal void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void CountRejected() => Interlocked.Increment(ref _rejected);

    internal void CountIngestFailure() => Interlocked.Increment(ref _ingestFailures);

    internal void CountProblem(IngestProblemKind kind) => Interlocked.Increment(ref _problems[(int)kind]);
}
