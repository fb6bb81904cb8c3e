namespace Hub.Ledger.Market;

/// <summary>The open books as last read from the chain (<paramref name="ReadAt"/> null: never read).</summary>
public sealed record MarketBookView(DateTimeOffset? ReadAt, IReadOnlyList<MarketBookInterval> Intervals);

/// <summary>One interval's book.</summary>
/// <param name="Interval">The delivery interval.</param>
/// <param name="Start">Its start.</param>
/// <param name="GateClosesAt">When the contract stops taking orders for it.</param>
/// <param name="Cleared">Cleared already.</param>
/// <param name="ClearingPricePerKwh">The uniform price once cleared (null when nothing matched or not cleared).</param>
/// <param name="Orders">Every order in the book, in time priority.</param>
public sealed record MarketBookInterval(long Interval, DateTimeOffset Start, DateTimeOffset GateClosesAt, bool Cleared, decimal? ClearingPricePerKwh, IReadOnlyList<MarketBookOrder> Orders);

/// <summary>An order in a book; <paramref name="Own"/> when this hub placed it.</summary>
public sealed record MarketBookOrder(string OrderId, string Side, long EnergyWh, decimal PricePerKwh, string PriceWeiPerWh, bool Own, long? FilledWh);
