namespace Hub.Ledger.Billing;

/// <summary>
/// Computes a period's bill lines from stored readings: a pure function of the tariff, the period and the readings
/// (docs/ledger.md "Bills"). Energy comes only from differences of valid cumulative counters between consecutive
/// valid readings of a meter, never from power. Each such interval's energy is apportioned by time: to the period
/// (an interval straddling a period boundary gives each period its share) and, for import, to the tariff's bands in
/// local time (split at band changes and at daylight-saving changes). An interval longer than
/// Rules:MaxGapSeconds, or one with invalid readings inside it, is an estimate: the counter difference
/// across it, apportioned linearly in time, on a line of its own marked estimated.
/// </summary>
public static class BillCalculator
{
    private const int QuantityDecimals = 6;

    /// <param name="tariff">The compiled tariff.</param>
    /// <param name="period">The bill period.</param>
    /// <param name="readings">Per meter, its readings (valid and invalid) around and inside the period, in any order.</param>
    /// <param name="maxGapSeconds">Rules:MaxGapSeconds: a longer interval is a gap.</param>
    /// <param name="counterRolloverWh">Rules:CounterRolloverWh: where counters wrap to 0, if they do.</param>
    public static BillDraft Compute(
        Tariff tariff,
        BillPeriod period,
        IReadOnlyDictionary<string, IReadOnlyList<StoredReading>> readings,
        double maxGapSeconds,
        double? counterRolloverWh = null)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(readings);
        var lines = new List<BillLine>();
        foreach (var meter in readings.Keys.Order(StringComparer.Ordinal))
        {
            var ordered = readings[meter].OrderBy(r => r.Reading.Timestamp).ThenBy(r => r.Id).ToList();
            lines.AddRange(MeterLines(tariff, period, meter, ordered, BillLine.Import, r => r.EnergyImportWh, maxGapSeconds, counterRolloverWh));
            lines.AddRange(MeterLines(tariff, period, meter, ordered, BillLine.Export, r => r.EnergyExportWh, maxGapSeconds, counterRolloverWh));
        }

        if (tariff.StandingChargePerDay > 0)
        {
            var days = Math.Round(StandingDays(tariff, period), QuantityDecimals, MidpointRounding.ToEven);
            lines.Add(new BillLine(BillLine.StandingCharge, null, "standing charge", false, null, period.Start, period.End,
                days, "day", tariff.StandingChargePerDay, tariff.RoundMoney(days * tariff.StandingChargePerDay), null, null, null, null));
        }

        return new BillDraft(period, lines, lines.Sum(l => l.Amount));
    }

    /// <summary>
    /// Splits [from, to) into pieces of constant import band: at local band changes and at the instants the zone's
    /// offset changes, so that a 23-hour and a 25-hour day get the hours they really had.
    /// </summary>
    public static IEnumerable<(DateTimeOffset From, DateTimeOffset To, int Band)> SplitByBand(Tariff tariff, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var cur = from;
        while (cur < to)
        {
            var offset = tariff.Zone.GetUtcOffset(cur);
            var wall = cur.UtcDateTime + offset;
            var band = tariff.BandAt(wall);
            var minutes = tariff.MinutesToChange(wall);
            var end = to;
            if (minutes != int.MaxValue)
            {
                var minuteStart = new DateTime(wall.Ticks - (wall.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
                var change = cur + (minuteStart.AddMinutes(minutes) - wall);
                if (change < end)
                {
                    end = change;
                }
            }

            // A daylight-saving change before the end: cut there (binary search for the first tick of the new offset).
            if (tariff.Zone.GetUtcOffset(end.AddTicks(-1)) != offset)
            {
                var lo = cur.UtcTicks;
                var hi = end.UtcTicks - 1;
                while (lo + 1 < hi)
                {
                    var mid = lo + ((hi - lo) / 2);
                    if (tariff.Zone.GetUtcOffset(new DateTimeOffset(mid, TimeSpan.Zero)) == offset)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                end = new DateTimeOffset(hi, TimeSpan.Zero);
            }

            yield return (cur, end, band);
            cur = end;
        }
    }

    /// <summary>Local calendar days in the period: whole days count 1, a part of a day its share of that day's length.</summary>
    public static decimal StandingDays(Tariff tariff, BillPeriod period)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var days = 0m;
        var day = tariff.ToLocal(period.Start).Date;
        while (true)
        {
            var dayStart = tariff.ToUtc(day);
            var dayEnd = tariff.ToUtc(day.AddDays(1));
            if (dayStart >= period.End)
            {
                return days;
            }

            var from = dayStart > period.Start ? dayStart : period.Start;
            var to = dayEnd < period.End ? dayEnd : period.End;
            if (to > from)
            {
                days += (decimal)(to - from).Ticks / (dayEnd - dayStart).Ticks;
            }

            day = day.AddDays(1);
        }
    }

    private static List<BillLine> MeterLines(
        Tariff tariff,
        BillPeriod period,
        string meter,
        List<StoredReading> ordered,
        string kind,
        Func<Hub.Plugins.Abstractions.Reading, double?> counter,
        double maxGapSeconds,
        double? rolloverWh)
    {
        var import = kind == BillLine.Import;
        var parts = new Dictionary<(bool Estimated, long Stretch, int Band), Part>();
        StoredReading? prev = null;
        var invalidBetween = 0;
        foreach (var r in ordered)
        {
            if (!r.Valid)
            {
                invalidBetween++;
                continue;
            }

            if (counter(r.Reading) is not { } value)
            {
                continue;
            }

            if (prev is not null && r.Reading.Timestamp > prev.Reading.Timestamp)
            {
                var a = prev.Reading.Timestamp;
                var b = r.Reading.Timestamp;
                var from = a > period.Start ? a : period.Start;
                var to = b < period.End ? b : period.End;
                if (to > from)
                {
                    var before = (decimal)counter(prev.Reading)!.Value;
                    var wh = (decimal)value - before;
                    if (wh < 0)
                    {
                        // A counter reset (or rollover, rule counter-reset ok): it counted from 0 (or the wrap) again.
                        wh = rolloverWh is { } wrap ? (decimal)value + (decimal)wrap - before : (decimal)value;
                    }

                    var reason = (b - a).TotalSeconds > maxGapSeconds ? "gap" : invalidBetween > 0 ? "invalid-readings" : null;
                    var total = (decimal)(b - a).Ticks;
                    var pieces = import ? SplitByBand(tariff, from, to) : [(from, to, -1)];
                    foreach (var (f, t, band) in pieces)
                    {
                        var key = (reason is not null, reason is null ? 0 : prev.Id, band);
                        if (!parts.TryGetValue(key, out var part))
                        {
                            parts[key] = part = new Part(f, prev, reason);
                        }

                        part.Wh += wh * (t - f).Ticks / total;
                        part.To = t;
                        part.Last = r;
                    }
                }
            }

            prev = r;
            invalidBetween = 0;
        }

        var lines = new List<BillLine>();
        foreach (var ((estimated, _, band), part) in parts
            .OrderBy(p => p.Key.Estimated)
            .ThenBy(p => p.Value.From)
            .ThenBy(p => p.Key.Band))
        {
            var kwh = Math.Round(part.Wh / 1000m, QuantityDecimals, MidpointRounding.ToEven);
            if (kwh == 0)
            {
                continue;
            }

            var price = import ? tariff.Bands[band].PricePerKwh : tariff.ExportPricePerKwh;
            var amount = tariff.RoundMoney(kwh * price);
            lines.Add(new BillLine(
                kind,
                meter,
                import ? tariff.Bands[band].Name : "feed-in",
                estimated,
                part.Reason,
                part.From,
                part.To,
                kwh,
                "kWh",
                price,
                import ? amount : -amount,
                part.First.Id,
                part.Last.Id,
                part.First.BlockHeight,
                part.Last.BlockHeight));
        }

        return lines;
    }

    private sealed class Part(DateTimeOffset from, StoredReading first, string? reason)
    {
        public DateTimeOffset From { get; } = from;

        public DateTimeOffset To { get; set; } = from;

        public StoredReading First { get; } = first;

        public StoredReading Last { get; set; } = first;

        public string? Reason { get; } = reason;

        public decimal Wh { get; set; }
    }
}
