namespace MeterFirmware.Sensors;

/// <summary>
/// The appliance runs of one simulated day, drawn from the seed and the day number, so a given day always has the
/// same kettle boils. Powers and durations are typical European appliance ratings.
/// </summary>
internal static class ApplianceSchedule
{
    private const ulong DayChannel = 0xA77A11CEUL;

    public static IReadOnlyList<ApplianceRun> ForDay(ulong seed, int dayNumber)
    {
        var rng = new SplitMix64(SplitMix64.Mix(seed ^ DayChannel) ^ (ulong)dayNumber);
        var runs = new List<ApplianceRun>();

        // The kettle: 2 kW for a few minutes, several times a day, mostly around breakfast and dinner.
        var kettles = rng.Between(2, 5);
        for (var i = 0; i < kettles; i++)
        {
            runs.Add(new ApplianceRun("kettle", MealTime(rng), Minutes(rng.Between(2.5, 4.5)), rng.Between(1900, 2200)));
        }

        var microwaves = rng.Between(0, 2);
        for (var i = 0; i < microwaves; i++)
        {
            var start = rng.NextDouble() < 0.5 ? Hours(rng.Between(11.5, 13.5)) : Hours(rng.Between(17.5, 21.0));
            runs.Add(new ApplianceRun("microwave", start, Minutes(rng.Between(1.5, 6.0)), rng.Between(1000, 1250)));
        }

        if (rng.NextDouble() < 0.6)
        {
            runs.Add(new ApplianceRun("toaster", Hours(rng.Between(6.5, 8.5)), Minutes(rng.Between(2.0, 4.0)), rng.Between(800, 950)));
        }

        if (rng.NextDouble() < 0.5)
        {
            runs.Add(new ApplianceRun("oven", Hours(rng.Between(17.0, 19.0)), Minutes(rng.Between(25, 55)), rng.Between(1800, 2400)));
        }

        if (rng.NextDouble() < 0.4)
        {
            // A washing machine heats its water first (the big draw), then tumbles at a few hundred watts.
            var start = Hours(rng.Between(9.0, 19.0));
            var heating = Minutes(rng.Between(12, 20));
            runs.Add(new ApplianceRun("washing-machine-heater", start, heating, rng.Between(1900, 2200)));
            runs.Add(new ApplianceRun("washing-machine-motor", start + heating, Minutes(rng.Between(50, 80)), rng.Between(200, 400)));
        }

        return runs;
    }

    private static TimeSpan MealTime(SplitMix64 rng)
    {
        var pick = rng.NextDouble();
        return pick switch
        {
            < 0.4 => Hours(rng.Between(6.5, 9.0)),
            < 0.65 => Hours(rng.Between(12.0, 17.0)),
            _ => Hours(rng.Between(17.5, 22.0)),
        };
    }

    private static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    private static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);
}
