using Hub.Ledger.Billing;

namespace Hub.Ledger.Tests.Billing;

/// <summary>The tariffs the billing tests use.</summary>
internal static class BillTariffs
{
    /// <summary>Weekday peak 0.32, weekend midday 0.25, other hours 0.21; feed-in 0.08; 0.45 a day; Europe/Berlin.</summary>
    public static TariffOptions TimeOfUse(string period = "Monthly")
    {
        var options = new TariffOptions
        {
            Currency = "EUR",
            TimeZone = "Europe/Berlin",
            ImportPricePerKwh = 0.21m,
            ExportPricePerKwh = 0.08m,
            StandingChargePerDay = 0.45m,
            Period = period,
        };
        var peak = new TariffBandOptions { From = "07:00", To = "22:00", PricePerKwh = 0.32m, Name = "peak" };
        foreach (var day in new[] { "Mon", "Tue", "Wed", "Thu", "Fri" })
        {
            peak.Days.Add(day);
        }

        var weekend = new TariffBandOptions { From = "09:00", To = "15:00", PricePerKwh = 0.25m, Name = "weekend" };
        weekend.Days.Add("Sat");
        weekend.Days.Add("Sun");
        options.ImportBands.Add(peak);
        options.ImportBands.Add(weekend);
        return options;
    }

    public static Tariff Compile(TariffOptions options)
    {
        var tariff = Tariff.Create(options, out var errors);
        Assert.True(tariff is not null, string.Join(" ", errors));
        return tariff!;
    }
}
