namespace MeterFirmware.Sensors;

/// <summary>
/// A home's grid import: a wandering base load of 150-300 W (fridge, standby, router), a breakfast peak around
/// 07:15 and a larger dinner/evening peak around 19:00, plus the day's appliance runs (<see cref="ApplianceSchedule"/>).
/// </summary>
internal sealed class HouseholdProfile : ILoadProfile
{
    private const ulong BaseChannel = 1;
    private const ulong PeakChannel = 2;
    private const ulong JitterChannel = 3;

    private readonly ulong _seed;
    private (int Day, IReadOnlyList<ApplianceRun> Runs) _today = (int.MinValue, []);

    public HouseholdProfile(ulong seed) => _seed = seed;

    public double PowerW(DateTimeOffset localTime)
    {
        var seconds = localTime.ToUnixTimeMilliseconds() / 1000.0;
        var hour = localTime.TimeOfDay.TotalHours;
        var day = DateOnly.FromDateTime(localTime.DateTime).DayNumber;

        var baseLoad = 150 + (150 * DeterministicNoise.Smooth(_seed, BaseChannel, seconds, 1200));

        // Each day's peaks differ a little in size, as real households do.
        var morning = 700 * (0.7 + (0.6 * DeterministicNoise.Unit(_seed, PeakChannel, (2L * day) + 0))) * Bell(hour, 7.25, 0.6);
        var evening = 1100 * (0.7 + (0.6 * DeterministicNoise.Unit(_seed, PeakChannel, (2L * day) + 1))) * Bell(hour, 19.0, 1.3);

        var appliances = 0.0;
        foreach (var run in RunsOf(day))
        {
            if (run.IsOn(localTime.TimeOfDay))
            {
                appliances += run.PowerW;
            }
        }

        var jitter = 8 * DeterministicNoise.Signed(_seed, JitterChannel, (long)Math.Floor(seconds));
        return Math.Max(0, baseLoad + morning + evening + appliances + jitter);
    }

    private IReadOnlyList<ApplianceRun> RunsOf(int day)
    {
        // Readings arrive in time order, so one cached day saves regenerating the schedule for every sample.
        var today = _today;
        if (today.Day != day)
        {
            today = (day, ApplianceSchedule.ForDay(_seed, day));
            _today = today;
        }

        return today.Runs;
    }

    private static double Bell(double x, double mean, double width) => Math.Exp(-0.5 * Math.Pow((x - mean) / width, 2));
}
