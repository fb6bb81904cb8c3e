using FsCheck;
using FsCheck.Xunit;
using Hub.Ledger.Billing;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests.Billing;

public sealed class BillProperties
{
    private static readonly Tariff TimeOfUse = BillTariffs.Compile(BillTariffs.TimeOfUse("Daily"));
    private static readonly Tariff Flat = BillTariffs.Compile(new TariffOptions { Currency = "EUR", TimeZone = "Europe/Berlin", ImportPricePerKwh = 0.2875m, ExportPricePerKwh = 0.0813m, StandingChargePerDay = 0.3333m, Period = "Daily", Rounding = "AwayFromZero" });

    [Property(MaxTest = 200)]
    public bool Bill_total_equals_the_sum_of_its_lines(NonNegativeInt seed, bool timeOfUse)
    {
        var (period, readings) = RandomDay(seed.Get);
        var bill = BillCalculator.Compute(timeOfUse ? TimeOfUse : Flat, period, readings, maxGapSeconds: 1800);
        return bill.Total == bill.Lines.Sum(l => l.Amount)
            && bill.Lines.All(l => l.Amount == Math.Round(l.Amount, 2));
    }

    [Property(MaxTest = 200)]
    public bool Same_inputs_give_the_same_bill_bytes(NonNegativeInt seed, bool timeOfUse)
    {
        var tariff = timeOfUse ? TimeOfUse : Flat;
        var (period, readings) = RandomDay(seed.Get);
        var reversed = readings.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<StoredReading>)[.. kv.Value.Reverse()]);
        var a = BillCalculator.Compute(tariff, period, readings, 1800);
        var b = BillCalculator.Compute(tariff, period, reversed, 1800);
        return BillEncoding.EncodeContent(period, "EUR", "Europe/Berlin", a.Lines, 2)
            .AsSpan()
            .SequenceEqual(BillEncoding.EncodeContent(period, "EUR", "Europe/Berlin", b.Lines, 2));
    }

    [Property(MaxTest = 100)]
    public bool Energy_is_conserved_across_consecutive_periods(NonNegativeInt seed)
    {
        // An interval across a period boundary is shared by time: the two days' kWh add up to the counter difference.
        var (day, readings) = RandomDay(seed.Get);
        var next = day.Next(Flat);
        var both = new BillPeriod(day.Start, next.End);
        var kwh = (BillPeriod p) => BillCalculator.Compute(Flat, p, readings, 1e9).Lines.Where(l => l.Kind == BillLine.Import).Sum(l => l.Quantity);
        return Math.Abs(kwh(day) + kwh(next) - kwh(both)) <= 0.000002m;
    }

    /// <summary>Two meters' readings from the day before to the day after a random day, some invalid, some gaps.</summary>
    private static (BillPeriod Period, Dictionary<string, IReadOnlyList<StoredReading>> Readings) RandomDay(int seed)
    {
        var random = new Random(seed);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(0, 365)).AddSeconds(random.Next(0, 86400));
        var period = BillPeriod.Containing(TimeOfUse, at);
        var readings = new Dictionary<string, IReadOnlyList<StoredReading>>();
        long id = 1;
        foreach (var meter in new[] { "house", "garage" })
        {
            var list = new List<StoredReading>();
            var t = period.Start.AddSeconds(-random.Next(1, 20000));
            double import = random.Next(0, 100000), export = random.Next(0, 1000);
            var count = random.Next(2, 80);
            for (var i = 0; i < count && t < period.End.AddHours(6); i++)
            {
                import += Math.Round(random.NextDouble() * 2000, 3);
                export += random.Next(0, 3) == 0 ? Math.Round(random.NextDouble() * 500, 1) : 0;
                var reading = new Reading { MeterId = meter, Timestamp = t, EnergyImportWh = import, EnergyExportWh = export };
                list.Add(new StoredReading(id, reading, t, random.Next(0, 10) != 0, [], id));
                id++;
                t = t.AddSeconds(random.Next(1, 4000)).AddMilliseconds(random.Next(0, 1000));
            }

            readings[meter] = list;
        }

        return (period, readings);
    }
}
