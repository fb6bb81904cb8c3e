using MeterFirmware.Energy;
using MeterFirmware.Sensors;

namespace MeterFirmware.Tests.Energy;

public sealed class EnergyCountersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 21, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_kilowatt_for_one_hour_is_one_kilowatt_hour()
    {
        var counters = new EnergyCounters();
        counters.Add(T0, 1000);
        counters.Add(T0.AddHours(1), 1000);

        Assert.Equal(1000, counters.ImportWh, precision: 9);
        Assert.Equal(0, counters.ExportWh);
    }

    [Fact]
    public void One_kilowatt_sampled_every_simulated_minute_for_an_hour_is_one_kilowatt_hour()
    {
        var counters = new EnergyCounters();
        for (var minute = 0; minute <= 60; minute++)
        {
            counters.Add(T0.AddMinutes(minute), 1000);
        }

        Assert.Equal(1000, counters.ImportWh, precision: 6);
    }

    [Fact]
    public void Negative_power_counts_as_export()
    {
        var counters = new EnergyCounters();
        counters.Add(T0, -2000);
        counters.Add(T0.AddMinutes(30), -2000);

        Assert.Equal(0, counters.ImportWh);
        Assert.Equal(1000, counters.ExportWh, precision: 9);
    }

    [Fact]
    public void A_ramp_through_zero_is_split_at_the_crossing()
    {
        // +1000 W to -1000 W linearly over an hour: half an hour of a triangle on each side, 250 Wh each.
        var counters = new EnergyCounters();
        counters.Add(T0, 1000);
        counters.Add(T0.AddHours(1), -1000);

        Assert.Equal(250, counters.ImportWh, precision: 9);
        Assert.Equal(250, counters.ExportWh, precision: 9);
    }

    [Fact]
    public void The_first_sample_only_sets_the_baseline()
    {
        var counters = new EnergyCounters(importWh: 12.5, exportWh: 3);
        counters.Add(T0, 5000);

        Assert.Equal(12.5, counters.ImportWh);
        Assert.Equal(3, counters.ExportWh);
    }

    [Fact]
    public void Registers_never_decrease_whatever_the_samples()
    {
        var rng = new SplitMix64(42);
        var counters = new EnergyCounters(100, 50);
        var at = T0;
        double lastImport = counters.ImportWh, lastExport = counters.ExportWh;
        for (var i = 0; i < 5000; i++)
        {
            // Mostly forward steps, some backwards clock jumps, some garbage power values.
            at = at.AddSeconds(rng.Between(-30.0, 120.0));
            var power = rng.NextDouble() switch
            {
                < 0.02 => double.NaN,
                < 0.04 => double.PositiveInfinity,
                _ => rng.Between(-6000.0, 6000.0),
            };
            counters.Add(at, power);

            Assert.True(counters.ImportWh >= lastImport, $"import went from {lastImport} to {counters.ImportWh} at step {i}");
            Assert.True(counters.ExportWh >= lastExport, $"export went from {lastExport} to {counters.ExportWh} at step {i}");
            Assert.True(double.IsFinite(counters.ImportWh) && double.IsFinite(counters.ExportWh));
            lastImport = counters.ImportWh;
            lastExport = counters.ExportWh;
        }

        Assert.True(counters.ImportWh > 100 && counters.ExportWh > 50, "the random walk should have moved both registers");
    }

    [Fact]
    public void Time_going_backwards_adds_nothing()
    {
        var counters = new EnergyCounters();
        counters.Add(T0.AddHours(1), 1000);
        counters.Add(T0, 1000);
        Assert.Equal(0, counters.ImportWh);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, double.NaN)]
    [InlineData(double.PositiveInfinity, 0)]
    public void Stored_registers_must_be_finite_and_non_negative(double import, double export) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyCounters(import, export));
}
