namespace Hub.Ledger.Market;

/// <summary>An order the market does not take; the message says why in words a homeowner can act on.</summary>
public sealed class MarketRequestException : Exception
{
    public MarketRequestException()
    {
    }

    public MarketRequestException(string message)
        : base(message)
    {
    }

    public MarketRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the request is well-formed but cannot be taken now (no market configured, the interval taken): HTTP 409; else 400.</summary>
    public bool IsConflict { get; init; }
}
