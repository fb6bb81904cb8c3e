namespace Hub.Plugins.Http.Push;

public sealed class PushCounters
{
    private long _stored;
    private long _duplicates;
    private long _refused;

    public long Stored => Interlocked.Read(ref _stored);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Refused => Interlocked.Read(ref _refused);

    public void AddStored() => Interlocked.Increment(ref _stored);

    public void AddDuplicate() => Interlocked.Increment(ref _duplicates);

    public void AddRefused() => Interlocked.Increment(ref _refused);
}
