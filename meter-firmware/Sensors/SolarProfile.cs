namespace MeterFirmware.Sensors;

/// <summary>
/// A PV inverter's meter (about 4 kWp at mid latitude): a sin² bell from sunrise to sunset whose width and height
/// follow the season, cut by passing clouds on cloudy days; at night the inverter draws a few watts of standby.
/// </summary>
internal sealed class SolarProfile : ILoadProfile
{
    public const double PeakW = 4200;
    private const double SolarNoonHour = 12.5;
    private const ulong CloudinessChannel = 11;
    private const ulong CloudChannel = 12;
    private const ulong FlickerChannel = 13;
    private const ulong StandbyChannel = 14;

    private readonly ulong _seed;

    public SolarProfile(ulong seed) => _seed = seed;

    public double PowerW(DateTimeOffset localTime)
    {
        var seconds = localTime.ToUnixTimeMilliseconds() / 1000.0;
        var standby = 5 + DeterministicNoise.Signed(_seed, StandbyChannel, (long)Math.Floor(seconds / 60));
        return standby - GenerationW(localTime);
    }

    /// <summary>What the panels deliver (≥ 0), before the inverter's own standby draw.</summary>
    public double GenerationW(DateTimeOffset localTime)
    {
        var hour = localTime.TimeOfDay.TotalHours;
        var (sunrise, sunset) = DaylightHours(localTime.DayOfYear);
        if (hour <= sunrise || hour >= sunset)
        {
            return 0;
        }

        var dayLength = sunset - sunrise;
        var x = (hour - sunrise) / dayLength;
        var season = 0.45 + (0.55 * (dayLength - 8.5) / 7.0);
        var clear = PeakW * season * Math.Pow(Math.Sin(Math.PI * x), 2);
        return clear * CloudFactor(localTime, hour, sunrise, sunset);
    }

    /// <summary>Sunrise and sunset in local hours: about 8.5 h of daylight at the winter solstice, 15.5 h in summer.</summary>
    public static (double Sunrise, double Sunset) DaylightHours(int dayOfYear)
    {
        var dayLength = 12 + (3.5 * Math.Sin(2 * Math.PI * (dayOfYear - 80) / 365.25));
        return (SolarNoonHour - (dayLength / 2), SolarNoonHour + (dayLength / 2));
    }

    private double CloudFactor(DateTimeOffset localTime, double hour, double sunrise, double sunset)
    {
        var day = DateOnly.FromDateTime(localTime.DateTime).DayNumber;

        // Most days are fairly clear; a few are properly cloudy (the square skews towards clear skies).
        var cloudiness = Math.Pow(DeterministicNoise.Unit(_seed, CloudinessChannel, day), 2);
        var factor = 1.0;

        var rng = new SplitMix64(SplitMix64.Mix(_seed ^ CloudChannel) ^ (ulong)day);
        var clouds = (int)Math.Round(cloudiness * 14) + 1;
        for (var i = 0; i < clouds; i++)
        {
            var start = rng.Between(sunrise, sunset);
            var length = rng.Between(4, 30) / 60.0;
            var depth = rng.Between(0.3, 0.85);
            if (hour >= start && hour < start + length)
            {
                // Soft edges: the shadow deepens and lifts rather than switching.
                var edge = Math.Sin(Math.PI * (hour - start) / length);
                factor *= 1 - (depth * edge);
            }
        }

        var seconds = localTime.ToUnixTimeMilliseconds() / 1000.0;
        factor *= 1 - (cloudiness * 0.3 * DeterministicNoise.Smooth(_seed, FlickerChannel, seconds, 90));

        // Even under thick cloud the diffuse light gives the panels a tenth or so of clear-sky output.
        return Math.Max(factor, 0.12);
    }
}
