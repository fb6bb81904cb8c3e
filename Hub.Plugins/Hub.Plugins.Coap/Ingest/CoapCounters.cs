namespace Hub.Plugins.Coap.Ingest;

/// <summary>Counts for <c>/health</c>.</summary>
public sealed class CoapCounters
{
    private long _stored;
    private long _duplicates;
    private long _rejected;
    private long _notifications;

    public long Stored => Interlocked.Read(ref _stored);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Notifications => Interlocked.Read(ref _notifications);

    public void AddStored() => Interlocked.Increment(ref _stored);

    public void AddDuplicate() => Interlocked.Increment(ref _duplicates);

    public void AddRejected() => Interlocked.Increment(ref _rejected);

    public void AddNotification() => Interlocked.Increment(ref _notifications);
}
