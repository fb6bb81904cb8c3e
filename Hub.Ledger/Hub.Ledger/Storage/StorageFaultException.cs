namespace Hub.Ledger.Storage;

/// <summary>The store could not write or sync its files: nothing after this may be acknowledged.</summary>
public sealed class StorageFaultException : IOException
{
    public StorageFaultException()
    {
    }

    public StorageFaultException(string message)
        : base(message)
    {
    }

    public StorageFaultException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
