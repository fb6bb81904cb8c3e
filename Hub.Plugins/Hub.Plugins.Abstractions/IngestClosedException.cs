namespace Hub.Plugins.Abstractions;

/// <summary>The ingest channel no longer accepts readings because the hub is stopping.</summary>
public sealed class IngestClosedException : Exception
{
    public IngestClosedException()
        : base("The hub is shutting down and accepts no more readings; the meter should retry later.")
    {
    }

    public IngestClosedException(string message)
        : base(message)
    {
    }

    public IngestClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
