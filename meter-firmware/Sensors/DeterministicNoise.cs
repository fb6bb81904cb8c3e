namespace MeterFirmware.Sensors;

/// <summary>
/// Noise that is a pure function of (seed, channel, time): a sample does not depend on how often or in which
/// order the sensor was read, so two runs with one seed agree at every instant.
/// </summary>
internal static class DeterministicNoise
{
    /// <summary>Uniform in [0, 1) for one integer key.</summary>
    public static double Unit(ulong seed, ulong channel, long key)
    {
        var h = SplitMix64.Mix(seed ^ SplitMix64.Mix(channel + 0x632BE59BD9B4E019UL));
        h = SplitMix64.Mix(h ^ (ulong)key);
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Uniform in [-1, 1) for one integer key.</summary>
    public static double Signed(ulong seed, ulong channel, long key) => (2 * Unit(seed, channel, key)) - 1;

    /// <summary>
    /// Value noise in [0, 1]: random values at every <paramref name="periodSeconds"/>, cosine-interpolated between,
    /// so the result wanders smoothly (a base load drifting, clouds thickening) instead of jumping every sample.
    /// </summary>
    public static double Smooth(ulong seed, ulong channel, double seconds, double periodSeconds)
    {
        var x = seconds / periodSeconds;
        var i = Math.Floor(x);
        var f = x - i;
        var a = Unit(seed, channel, (long)i);
        var b = Unit(seed, channel, (long)i + 1);
        var u = (1 - Math.Cos(Math.PI * f)) / 2;
        return a + ((b - a) * u);
    }
}
