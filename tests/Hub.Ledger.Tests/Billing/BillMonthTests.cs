using Hub.Ledger.Billing;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Billing;

/// <summary>
/// The must-show bill test (issue 5): a month of readings across the October 2026 daylight-saving change in
/// Europe/Berlin, with a gap and a stretch of invalid readings, on a time-of-use tariff; the expected total is
/// computed here independently, by a 30-second walk over interpolated counters.
/// </summary>
public sealed class BillMonthTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset GapFrom = new(2026, 10, 12, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset GapTo = new(2026, 10, 12, 12, 40, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset InvalidFrom = new(2026, 10, 20, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset InvalidTo = new(2026, 10, 20, 5, 30, 0, TimeSpan.Zero);

    [Fact]
    public void October_2026_in_Berlin_has_745_hours_and_its_last_sunday_25()
    {
        var tariff = BillTariffs.Compile(BillTariffs.TimeOfUse());
        var month = BillPeriod.Containing(tariff, new DateTimeOffset(2026, 10, 15, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 9, 30, 22, 0, 0, TimeSpan.Zero), month.Start);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), month.End);
        Assert.Equal(TimeSpan.FromHours(745), month.End - month.Start);

        var daily = BillTariffs.Compile(BillTariffs.TimeOfUse("Daily"));
        var autumn = BillPeriod.Containing(daily, new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromHours(25), autumn.End - autumn.Start);
        var spring = BillPeriod.Containing(daily, new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromHours(23), spring.End - spring.Start);

        // A 25-hour day is still one day of standing charge.
        Assert.Equal(1m, BillCalculator.StandingDays(daily, autumn));
        Assert.Equal(31m, BillCalculator.StandingDays(tariff, month));
    }

    [Fact]
    public void A_month_across_the_DST_change_with_a_gap_matches_an_independent_30_second_walk()
    {
        var tariff = BillTariffs.Compile(BillTariffs.TimeOfUse());
        var period = BillPeriod.Containing(tariff, new DateTimeOffset(2026, 10, 15, 12, 0, 0, TimeSpan.Zero));
        var readings = MonthOfReadings();

        // Shuffled: the computation orders the readings itself.
        var shuffled = readings.OrderBy(r => (r.Id * 7919) % 10007).ToList();
        var bill = BillCalculator.Compute(tariff, period, new Dictionary<string, IReadOnlyList<StoredReading>> { ["house"] = shuffled }, maxGapSeconds: 3600);

        var expected = IndependentTotal(readings, period.Start, period.End);
        Assert.Equal(expected, bill.Total);
        Assert.Equal(bill.Lines.Sum(l => l.Amount), bill.Total);

        // The gap and the invalid stretch are explicit estimate lines, traceable to the readings around them.
        var gap = Assert.Single(bill.Lines, l => l.Kind == BillLine.Import && l.EstimateReason == "gap" && l.Band == "peak");
        Assert.True(gap.Estimated);
        var before = readings.Last(r => r.Reading.Timestamp <= GapFrom);
        var after = readings.First(r => r.Reading.Timestamp >= GapTo);
        Assert.Equal(before.Id, gap.FirstReadingId);
        Assert.Equal(after.Id, gap.LastReadingId);
        Assert.Equal(before.BlockHeight, gap.FirstBlockHeight);
        Assert.Contains(bill.Lines, l => l.EstimateReason == "invalid-readings" && l.Estimated);
        Assert.Contains(bill.Lines, l => l.Kind == BillLine.Export && l.Amount < 0);
        var standing = Assert.Single(bill.Lines, l => l.Kind == BillLine.StandingCharge);
        Assert.Equal(31m, standing.Quantity);
        Assert.Equal(13.95m, standing.Amount);

        // Every measured line and its period: the month's first reading is before the period, the last after it.
        Assert.All(bill.Lines, l => Assert.True(l.From >= period.Start && l.To <= period.End));
    }

    /// <summary>Every 5 minutes, 2.5 minutes off the hour, from before the month to after it.</summary>
    internal static List<StoredReading> MonthOfReadings()
    {
        var list = new List<StoredReading>();
        var t = new DateTimeOffset(2026, 9, 30, 21, 2, 30, TimeSpan.Zero);
        double import = 1_000_000, export = 50_000;
        long id = 1;
        for (var i = 0; t < new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero); i++, t = t.AddMinutes(5))
        {
            import += 10 + ((i * 37) % 90);
            export += i % 12 < 3 ? 25 : 0;
            if (t > GapFrom && t < GapTo)
            {
                continue; // the meter kept counting, the hub heard nothing
            }

            var invalid = t >= InvalidFrom && t <= InvalidTo;
            var reading = new Reading
            {
                MeterId = "house",
                Timestamp = t,
                EnergyImportWh = invalid ? 3 : import,
                EnergyExportWh = export,
                PowerW = 1000,
            };
            list.Add(new StoredReading(id, reading, t, !invalid, [], (id / 100) + 1));
            id++;
        }

        return list;
    }

    /// <summary>
    /// The expected total, by different and simpler code: walk the period in 30-second steps (readings, bands and
    /// the DST change all fall on them), take each step's energy from the counters interpolated linearly between
    /// the valid readings around it, find its band from the local time by hand, and sum per line as the documented
    /// rule groups them (measured per band; an estimate per stretch and band), then round each line once.
    /// </summary>
    private static decimal IndependentTotal(List<StoredReading> readings, DateTimeOffset from, DateTimeOffset to)
    {
        var valid = readings.Where(r => r.Valid).ToList();
        var import = new Dictionary<(DateTimeOffset Stretch, decimal Price), decimal>();
        var export = new Dictionary<DateTimeOffset, decimal>();
        var k = 0;
        for (var t = from; t < to; t = t.AddSeconds(30))
        {
            while (valid[k + 1].Reading.Timestamp <= t)
            {
                k++;
            }

            var a = valid[k];
            var b = valid[k + 1];
            var seconds = (decimal)(b.Reading.Timestamp - a.Reading.Timestamp).TotalSeconds;
            var estimated = seconds > 3600 || readings.Any(r => !r.Valid && r.Reading.Timestamp > a.Reading.Timestamp && r.Reading.Timestamp < b.Reading.Timestamp);
            var stretch = estimated ? a.Reading.Timestamp : DateTimeOffset.MinValue; // MinValue: measured
            var importWh = ((decimal)b.Reading.EnergyImportWh!.Value - (decimal)a.Reading.EnergyImportWh!.Value) * 30 / seconds;
            var exportWh = ((decimal)b.Reading.EnergyExportWh!.Value - (decimal)a.Reading.EnergyExportWh!.Value) * 30 / seconds;
            var key = (stretch, PriceAt(TimeZoneInfo.ConvertTimeFromUtc(t.UtcDateTime, Berlin)));
            import[key] = import.GetValueOrDefault(key) + importWh;
            export[stretch] = export.GetValueOrDefault(stretch) + exportWh;
        }

        var total = 0m;
        foreach (var ((_, price), wh) in import)
        {
            total += Math.Round(Math.Round(wh / 1000, 6, MidpointRounding.ToEven) * price, 2, MidpointRounding.ToEven);
        }

        foreach (var wh in export.Values)
        {
            total -= Math.Round(Math.Round(wh / 1000, 6, MidpointRounding.ToEven) * 0.08m, 2, MidpointRounding.ToEven);
        }

        return total + (31 * 0.45m);
    }

    private static decimal PriceAt(DateTime local)
    {
        var weekday = local.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday;
        if (weekday && local.Hour >= 7 && local.Hour < 22)
        {
            return 0.32m;
        }

        return !weekday && local.Hour >= 9 && local.Hour < 15 ? 0.25m : 0.21m;
    }
}
