namespace Hub.Ledger.Chain;

/// <summary>A sync pass failed for a reason a person can act on; the message says it in words.</summary>
public sealed class ChainSyncException : Exception
{
    public ChainSyncException()
    {
    }

    public ChainSyncException(string message)
        : base(message)
    {
    }

    public ChainSyncException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the node could not be reached (status <c>offline</c> rather than <c>error</c>).</summary>
    public bool Offline { get; init; }
}
