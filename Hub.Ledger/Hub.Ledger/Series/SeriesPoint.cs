namespace Hub.Ledger;

/// <summary>One point of a series: a bucket (or one reading at step raw).</summary>
/// <param name="Start">The bucket's start (UTC), or the reading's timestamp at step raw.</param>
/// <param name="Value">Energy in the bucket (Wh) for energy quantities, else the average; null when no valid reading had it.</param>
/// <param name="Min">The lowest value (power only), else null.</param>
/// <param name="Max">The highest value (power only), else null.</param>
/// <param name="Count">Readings in the bucket, valid or not.</param>
/// <param name="Invalid">Of those, invalid (left out of the values).</param>
public sealed record SeriesPoint(DateTimeOffset Start, double? Value, double? Min, double? Max, long Count, long Invalid);
