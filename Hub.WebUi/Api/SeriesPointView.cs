using Hub.Ledger;

namespace Hub.WebUi.Api;

/// <summary>One bucket of a series.</summary>
/// <param name="Start">The bucket start (the reading's timestamp at step raw).</param>
/// <param name="Value">Energy quantities: Wh in the bucket (the counter itself at step raw); others: the average. Null when no valid reading had it.</param>
/// <param name="Min">powerW only: the lowest power in the bucket.</param>
/// <param name="Max">powerW only: the highest power in the bucket.</param>
/// <param name="Count">Readings in the bucket, valid or not.</param>
/// <param name="Invalid">Of those, invalid ones (left out of the values).</param>
public sealed record SeriesPointView(DateTimeOffset Start, double? Value, double? Min, double? Max, long Count, long Invalid)
{
    public static SeriesPointView From(SeriesPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new SeriesPointView(point.Start, point.Value, point.Min, point.Max, point.Count, point.Invalid);
    }
}
