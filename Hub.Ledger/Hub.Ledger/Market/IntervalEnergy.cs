namespace Hub.Ledger.Market;

/// <summary>Energy through the grid meter in one delivery interval, from its cumulative counters.</summary>
/// <param name="Index">The delivery interval.</param>
/// <param name="ImportWh">Energy taken from the grid.</param>
/// <param name="ExportWh">Energy fed into the grid (the surplus).</param>
public sealed record IntervalEnergy(long Index, double ImportWh, double ExportWh)
{
    /// <summary>Positive when the home exported more than it imported.</summary>
    public double NetExportWh => ExportWh - ImportWh;

    /// <summary>
    /// Per-interval energy from valid cumulative counter readings (oldest first): each interval boundary's counter is
    /// interpolated linearly between the valid readings either side of it, and an interval counts only when both of its
    /// boundaries lie between readings, so an interval at the edge of the data, or in a gap longer than
    /// <paramref name="maxGap"/>, is left out rather than guessed.
    /// </summary>
    public static IReadOnlyList<IntervalEnergy> FromCounters(IReadOnlyList<CounterSample> samples, DeliveryIntervals intervals, TimeSpan maxGap)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var result = new List<IntervalEnergy>();
        if (samples.Count < 2)
        {
            return result;
        }

        var first = intervals.IndexOf(samples[0].Timestamp);
        var last = intervals.IndexOf(samples[^1].Timestamp);
        var cursor = 0;
        (double Import, double Export)? previous = null;
        for (var index = first; index <= last + 1; index++)
        {
            var boundary = intervals.StartOf(index);
            var at = CounterAt(samples, boundary, maxGap, ref cursor);
            if (at is { } now && previous is { } before && now.Import >= before.Import && now.Export >= before.Export)
            {
                result.Add(new IntervalEnergy(index - 1, now.Import - before.Import, now.Export - before.Export));
            }

            previous = at;
        }

        return result;
    }

    private static (double Import, double Export)? CounterAt(IReadOnlyList<CounterSample> samples, DateTimeOffset at, TimeSpan maxGap, ref int cursor)
    {
        while (cursor + 1 < samples.Count && samples[cursor + 1].Timestamp <= at)
        {
            cursor++;
        }

        var left = samples[cursor];
        if (left.Timestamp == at)
        {
            return (left.ImportWh, left.ExportWh);
        }

        if (left.Timestamp > at || cursor + 1 >= samples.Count)
        {
            return null;
        }

        var right = samples[cursor + 1];
        var span = right.Timestamp - left.Timestamp;
        if (span > maxGap)
        {
            return null;
        }

        var f = (at - left.Timestamp) / span;
        return (left.ImportWh + ((right.ImportWh - left.ImportWh) * f), left.ExportWh + ((right.ExportWh - left.ExportWh) * f));
    }
}

/// <summary>One valid reading of the grid meter's cumulative counters.</summary>
public readonly record struct CounterSample(DateTimeOffset Timestamp, double ImportWh, double ExportWh);
