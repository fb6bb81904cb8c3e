namespace Hub.Ledger.Storage;

/// <summary>
/// The store's fail-stop latch, shared by its files. The first write or fsync error trips it; from then on no byte
/// is written and no fsync is trusted, so nothing written after the error can be acknowledged (fsync errors are not
/// sticky in Linux: a second fsync after a failed one may report success for pages that were dropped).
/// </summary>
internal sealed class StorageFault
{
    private volatile StorageFaultException? _fault;

    public bool IsTripped => _fault is not null;

    /// <summary>What went wrong first, for <c>/health</c> and the log; null while the store is sound.</summary>
    public string? Cause => _fault?.Message;

    public StorageFaultException? Exception => _fault;

    /// <summary>Trips the latch (the first cause wins) and returns the exception to throw.</summary>
    public StorageFaultException Trip(string cause, Exception? inner)
    {
        var fault = new StorageFaultException(cause, inner);
        Interlocked.CompareExchange(ref _fault, fault, null);
        return _fault!;
    }

    public void ThrowIfTripped()
    {
        if (_fault is { } fault)
        {
            throw new StorageFaultException(fault.Message, fault);
        }
    }
}
