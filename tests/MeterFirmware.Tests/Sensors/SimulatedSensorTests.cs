using MeterFirmware.Energy;
using MeterFirmware.Sensors;
using MeterFirmware.Tests.TestSupport;

namespace MeterFirmware.Tests.Sensors;

public sealed class SimulatedSensorTests
{
    private static readonly DateTimeOffset Midsummer = new(2026, 6, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Midwinter = new(2026, 12, 21, 0, 0, 0, TimeSpan.Zero);

    private static SimulatedSensor Sensor(SensorProfile profile, ulong seed) =>
        new(SimulatedSensor.CreateProfile(profile, seed), seed, new ManualClock(Midsummer));

    private static IEnumerable<SensorSample> Day(SimulatedSensor sensor, DateTimeOffset midnight, TimeSpan step)
    {
        for (var t = midnight; t < midnight.AddDays(1); t += step)
        {
            yield return sensor.Sample(t);
        }
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    [InlineData(123456789UL)]
    public void Solar_exports_at_noon_summer_and_winter(ulong seed)
    {
        var sensor = Sensor(SensorProfile.Solar, seed);
        foreach (var day in new[] { Midsummer, Midwinter, Midsummer.AddDays(60) })
        {
            // Clouds may dim a minute, so look at the hour around noon rather than one instant.
            var noon = Enumerable.Range(-30, 61).Select(m => sensor.Sample(day.AddHours(12).AddMinutes(m))).ToList();
            Assert.All(noon, s => Assert.True(s.PowerW < 0, $"{s.MeasuredAt:u}: {s.PowerW} W is not export"));
            Assert.True(noon.Average(s => s.PowerW) < -800, $"mean noon power {noon.Average(s => s.PowerW)} W on {day:d}");
        }

        Assert.True(sensor.Sample(Midsummer.AddHours(12.5)).PowerW < sensor.Sample(Midwinter.AddHours(12.5)).PowerW + 500,
            "a summer noon should not export much less than a winter noon");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(99UL)]
    public void Solar_is_about_zero_at_night_importing_only_standby(ulong seed)
    {
        var sensor = Sensor(SensorProfile.Solar, seed);
        foreach (var day in new[] { Midsummer, Midwinter })
        {
            foreach (var hour in new[] { 0.0, 1.5, 3.0, 22.5, 23.9 })
            {
                var sample = sensor.Sample(day.AddHours(hour));
                Assert.InRange(sample.PowerW, 0, 10);
                Assert.InRange(sample.CurrentA, 0, 0.05);
            }
        }
    }

    [Fact]
    public void Solar_follows_a_bell_from_sunrise_to_sunset()
    {
        var profile = new SolarProfile(5);
        var (sunrise, sunset) = SolarProfile.DaylightHours(Midsummer.DayOfYear);
        Assert.InRange(sunset - sunrise, 15, 16);
        Assert.Equal(0, profile.GenerationW(Midsummer.AddHours(sunrise - 0.1)));
        Assert.Equal(0, profile.GenerationW(Midsummer.AddHours(sunset + 0.1)));

        var early = profile.GenerationW(Midsummer.AddHours(sunrise + 1));
        var noon = profile.GenerationW(Midsummer.AddHours(12.5));
        Assert.True(early > 0 && early < noon / 3, $"an hour after sunrise {early} W, at noon {noon} W");
        Assert.InRange(noon, 1000, SolarProfile.PeakW);
    }

    [Fact]
    public void Solar_day_exports_kilowatt_hours_and_imports_only_standby()
    {
        var sensor = Sensor(SensorProfile.Solar, 3);
        var counters = new EnergyCounters();
        foreach (var sample in Day(sensor, Midsummer, TimeSpan.FromMinutes(1)))
        {
            counters.Add(sample.MeasuredAt, sample.PowerW);
        }

        Assert.InRange(counters.ExportWh, 10_000, 40_000);
        Assert.InRange(counters.ImportWh, 20, 150);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Household_has_base_load_peaks_and_a_kettle(ulong seed)
    {
        var sensor = Sensor(SensorProfile.Household, seed);
        var day = Day(sensor, Midsummer, TimeSpan.FromMinutes(1)).ToList();

        var night = day.Where(s => s.MeasuredAt.Hour is >= 1 and < 5).ToList();
        Assert.All(night, s => Assert.InRange(s.PowerW, 140, 320));

        var evening = day.Where(s => s.MeasuredAt.Hour is >= 18 and < 20).Average(s => s.PowerW);
        var morning = day.Where(s => s.MeasuredAt.Hour == 7).Average(s => s.PowerW);
        var nightMean = night.Average(s => s.PowerW);
        Assert.True(evening > nightMean + 400, $"evening {evening} W vs night {nightMean} W");
        Assert.True(morning > nightMean + 200, $"morning {morning} W vs night {nightMean} W");

        // Every generated day boils the kettle at least twice: 2 kW on top of the rest for a few minutes.
        Assert.True(day.Max(s => s.PowerW) > 2000, $"peak {day.Max(s => s.PowerW)} W");
        Assert.All(day, s => Assert.True(s.PowerW >= 0, "a household without generation never exports"));
    }

    [Fact]
    public void Kettle_runs_are_a_few_minutes_at_about_two_kilowatts()
    {
        var runs = ApplianceSchedule.ForDay(11, Midsummer.Day);
        var kettles = runs.Where(r => r.Name == "kettle").ToList();
        Assert.InRange(kettles.Count, 2, 5);
        Assert.All(kettles, k =>
        {
            Assert.InRange(k.PowerW, 1900, 2200);
            Assert.InRange(k.Duration.TotalMinutes, 2.5, 4.5);
        });
    }

    [Theory]
    [InlineData("household")]
    [InlineData("solar")]
    public void Supply_is_230_volts_50_hertz_and_current_is_power_over_voltage(string profileName)
    {
        var sensor = Sensor(Enum.Parse<SensorProfile>(profileName, ignoreCase: true), 8);
        foreach (var s in Day(sensor, Midsummer, TimeSpan.FromMinutes(7)))
        {
            Assert.InRange(s.VoltageV, 215, 245);
            Assert.InRange(s.FrequencyHz, 49.9, 50.1);
            Assert.Equal(Math.Abs(s.PowerW) / s.VoltageV, s.CurrentA, precision: 3);
        }
    }

    [Theory]
    [InlineData("household")]
    [InlineData("solar")]
    public void Same_seed_same_curve_different_seed_different_curve(string profileName)
    {
        var profile = Enum.Parse<SensorProfile>(profileName, ignoreCase: true);
        var a = Day(Sensor(profile, 2024), Midsummer, TimeSpan.FromMinutes(3)).ToList();

        // A fresh instance agrees, even read in reverse order: samples are a function of seed and time only.
        var b = Day(Sensor(profile, 2024), Midsummer, TimeSpan.FromMinutes(3)).ToList();
        var reversed = Sensor(profile, 2024);
        var c = a.Select(s => s.MeasuredAt).Reverse().Select(reversed.Sample).Reverse().ToList();
        var other = Day(Sensor(profile, 2025), Midsummer, TimeSpan.FromMinutes(3)).ToList();

        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.NotEqual(a.Select(s => s.PowerW), other.Select(s => s.PowerW));
    }

    [Fact]
    public async Task ReadAsync_samples_at_the_clock_time()
    {
        var clock = new ManualClock(Midsummer.AddHours(12));
        var sensor = new SimulatedSensor(new SolarProfile(1), 1, clock);

        var sample = await sensor.ReadAsync(CancellationToken.None);

        Assert.Equal(clock.GetUtcNow(), sample.MeasuredAt);
        Assert.Equal(sensor.Sample(clock.GetUtcNow()), sample);
    }
}
