using Hub.Ledger.Billing;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Tests.Billing;

public sealed class TariffValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Tariff:Currency", "euro", "Tariff:Currency")]
    [InlineData("Tariff:TimeZone", "Mars/Olympus", "Tariff:TimeZone")]
    [InlineData("Tariff:Period", "Weekly", "Tariff:Period")]
    [InlineData("Tariff:BillDay", "31", "Tariff:BillDay")]
    [InlineData("Tariff:Rounding", "Up", "Tariff:Rounding")]
    [InlineData("Tariff:ImportBands:0:To", "06:00", "Tariff:ImportBands:0:To")]
    [InlineData("Tariff:ImportBands:0:Days:0", "Mo", "Tariff:ImportBands:0:Days")]
    [InlineData("Tariff:ImportPricePerKwh", null, "Tariff:ImportBands")]
    public async Task A_bad_tariff_stops_the_start_naming_the_key(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tariff:Currency"] = "EUR",
            ["Tariff:ImportPricePerKwh"] = "0.30",
            ["Tariff:ImportBands:0:Days:0"] = "Mon",
            ["Tariff:ImportBands:0:From"] = "07:00",
            ["Tariff:ImportBands:0:To"] = "22:00",
            ["Tariff:ImportBands:0:PricePerKwh"] = "0.35",
        };
        settings[key] = value;
        using var host = LedgerHost.Build(_dir.Path, extra: settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(error.Failures, f => f.StartsWith(named + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlapping_bands_are_refused_naming_both()
    {
        var options = BillTariffs.TimeOfUse();
        options.ImportBands.Add(new TariffBandOptions { From = "21:00", To = "23:00", PricePerKwh = 0.1m });
        Assert.Null(Tariff.Create(options, out var errors));
        Assert.Contains(errors, e => e.StartsWith("Tariff:ImportBands:2: overlaps Tariff:ImportBands:0", StringComparison.Ordinal));
    }

    [Fact]
    public void Bands_split_at_local_band_changes_and_at_the_DST_change()
    {
        var tariff = BillTariffs.Compile(BillTariffs.TimeOfUse());

        // Sunday 25 Oct 2026, 00:30 CEST (22:30Z on the 24th) to 10:00 CET (09:00Z): 10 hours of wall clock are
        // "other hours" until 09:00 local, which is 08:00Z after the clocks went back at 01:00Z: 9.5 real hours.
        var pieces = BillCalculator.SplitByBand(tariff, new DateTimeOffset(2026, 10, 24, 22, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero)).ToList();
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), pieces[0].To); // the offset changes
        var weekend = Assert.Single(pieces, p => tariff.Bands[p.Band].Name == "weekend");
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.Zero), weekend.From);
        Assert.Equal(TimeSpan.FromHours(9.5), pieces.Where(p => tariff.Bands[p.Band].Name == "other hours").Aggregate(TimeSpan.Zero, (s, p) => s + (p.To - p.From)));
    }
}
