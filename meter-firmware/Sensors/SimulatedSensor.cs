namespace MeterFirmware.Sensors;

/// <summary>
/// A sensor that computes what a real one would measure on a single-phase 230 V / 50 Hz supply (EN 50160 ranges)
/// from a load profile. Everything is a pure function of the seed and the simulated time.
/// </summary>
internal sealed class SimulatedSensor : ISensor
{
    private const ulong VoltageDriftChannel = 21;
    private const ulong VoltageNoiseChannel = 22;
    private const ulong FrequencyDriftChannel = 23;
    private const ulong FrequencyNoiseChannel = 24;

    private readonly ILoadProfile _profile;
    private readonly ulong _seed;
    private readonly TimeProvider _clock;

    /// <param name="profile">The power curve.</param>
    /// <param name="seed">Seeds the supply noise (the profile has its own).</param>
    /// <param name="clock">Simulated time; its <see cref="TimeProvider.LocalTimeZone"/> places the curve in the day.</param>
    public SimulatedSensor(ILoadProfile profile, ulong seed, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(clock);
        _profile = profile;
        _seed = seed;
        _clock = clock;
    }

    public static ILoadProfile CreateProfile(SensorProfile profile, ulong seed) => profile switch
    {
        SensorProfile.Household => new HouseholdProfile(seed),
        SensorProfile.Solar => new SolarProfile(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown profile"),
    };

    public ValueTask<SensorSample> ReadAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(Sample(_clock.GetUtcNow()));

    /// <summary>What the sensor measures at a simulated instant.</summary>
    public SensorSample Sample(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, _clock.LocalTimeZone);
        var seconds = at.ToUnixTimeMilliseconds() / 1000.0;
        var second = (long)Math.Floor(seconds);

        var power = Math.Round(_profile.PowerW(local), 1);

        // Supply voltage drifts slowly with the neighbourhood's load, jitters a little, sags under our own import
        // and rises while we export (the line impedance, roughly 0.25 Ω).
        var voltage = 230
            + (2.5 * ((2 * DeterministicNoise.Smooth(_seed, VoltageDriftChannel, seconds, 600)) - 1))
            + (0.3 * DeterministicNoise.Signed(_seed, VoltageNoiseChannel, second))
            - (power / 230 * 0.25);
        voltage = Math.Round(voltage, 1);

        var frequency = 50
            + (0.04 * ((2 * DeterministicNoise.Smooth(_seed, FrequencyDriftChannel, seconds, 300)) - 1))
            + (0.005 * DeterministicNoise.Signed(_seed, FrequencyNoiseChannel, second));
        frequency = Math.Round(frequency, 3);

        var current = Math.Round(Math.Abs(power) / voltage, 3);
        return new SensorSample(at, power, voltage, current, frequency);
    }
}
