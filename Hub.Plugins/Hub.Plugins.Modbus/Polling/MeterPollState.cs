namespace Hub.Plugins.Modbus.Polling;

/// <summary>What one coordinator last saw, for <c>/health</c>.</summary>
internal sealed class MeterPollState
{
    private long _polls;
    private long _failures;

    public long Polls => Interlocked.Read(ref _polls);

    public long Failures => Interlocked.Read(ref _failures);

    public volatile bool Online;

    public volatile string? LastError;

    public volatile int RequestsPerPoll;

    public void Succeeded(int requests)
    {
        Interlocked.Increment(ref _polls);
        RequestsPerPoll = requests;
        Online = true;
        LastError = null;
    }

    public void Failed(string error)
    {
        Interlocked.Increment(ref _failures);
        Online = false;
        LastError = error;
    }
}
