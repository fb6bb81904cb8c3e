using System.Numerics;

namespace Hub.Ledger.Market;

/// <summary>
/// The hub's order for one interval as the agent keeps it (collection <c>marketorders</c>, id = the interval): what
/// was decided, and what was learnt from the chain. The chain is the truth; this is the hub's memory of it, so that the
/// pages show the market while the chain is away and the agent knows what is left to do.
/// </summary>
internal sealed record MarketOrderRecord(
    long Interval,
    bool IsBid,
    long EnergyWh,
    BigInteger PriceWei,
    decimal PricePerKwh,
    string Origin,
    string State,
    string? Reason,
    DateTimeOffset CreatedAt)
{
    public const string Queued = "queued";
    public const string Placed = "placed";
    public const string Skipped = "skipped";
    public const string Unfilled = "unfilled";
    public const string Filled = "filled";
    public const string Settled = "settled";
    public const string Agent = "agent";
    public const string Homeowner = "homeowner";

    public BigInteger? OrderId { get; init; }

    public string? PlaceTx { get; init; }

    public long? FilledWh { get; init; }

    public BigInteger? ClearingPriceWei { get; init; }

    public long? MeasuredWh { get; init; }

    public string? ProofTx { get; init; }

    public bool Released { get; init; }

    public IReadOnlyList<MarketTradeRecord> Trades { get; init; } = [];

    /// <summary>Nothing more to do for it on chain.</summary>
    public bool IsDone => State is Skipped or Unfilled or Settled;
}

/// <summary>One trade of the hub's order with a neighbour's, as cleared and, once settled, as paid.</summary>
internal sealed record MarketTradeRecord(BigInteger BidId, BigInteger OfferId, long EnergyWh)
{
    public bool Settled { get; init; }

    public long? DeliveredWh { get; init; }

    public BigInteger? PaidWei { get; init; }

    public BigInteger? RefundedWei { get; init; }

    public string? SettleTx { get; init; }
}
