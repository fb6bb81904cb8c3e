namespace Hub.Ledger.Billing;

/// <summary>
/// One line of a bill: what was measured (or estimated) at which price, and the readings and blocks it came from.
/// </summary>
/// <param name="Kind"><c>import</c>, <c>export</c> (a credit: negative amount) or <c>standing-charge</c>.</param>
/// <param name="MeterId">The meter; null for the standing charge.</param>
/// <param name="Band">The import band's name, <c>flat</c>, <c>feed-in</c> or <c>standing charge</c>.</param>
/// <param name="Estimated">True for energy across a gap or a stretch of invalid readings.</param>
/// <param name="EstimateReason"><c>gap</c> or <c>invalid-readings</c> when estimated, else null.</param>
/// <param name="From">Start of the time the line covers (UTC).</param>
/// <param name="To">End of the time the line covers (UTC).</param>
/// <param name="Quantity">kWh (or days for the standing charge), to 6 decimals.</param>
/// <param name="Unit"><c>kWh</c> or <c>day</c>.</param>
/// <param name="UnitPrice">Price per unit in the bill's currency.</param>
/// <param name="Amount">Quantity × unit price, rounded once to the currency's minor unit.</param>
/// <param name="FirstReadingId">The valid reading the line's first interval starts at.</param>
/// <param name="LastReadingId">The valid reading the line's last interval ends at.</param>
/// <param name="FirstBlockHeight">The block sealing the first reading.</param>
/// <param name="LastBlockHeight">The block sealing the last reading.</param>
public sealed record BillLine(
    string Kind,
    string? MeterId,
    string Band,
    bool Estimated,
    string? EstimateReason,
    DateTimeOffset From,
    DateTimeOffset To,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    long? FirstReadingId,
    long? LastReadingId,
    long? FirstBlockHeight,
    long? LastBlockHeight)
{
    public const string Import = "import";
    public const string Export = "export";
    public const string StandingCharge = "standing-charge";

    /// <summary>The same line with quantity and amount negated: a credit note's line.</summary>
    public BillLine Negated() => this with { Quantity = -Quantity, Amount = -Amount };
}
