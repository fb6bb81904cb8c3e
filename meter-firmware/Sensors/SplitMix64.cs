namespace MeterFirmware.Sensors;

/// <summary>
/// A tiny, fully specified PRNG (Steele, Lea, Flood 2014, "SplitMix64"). Chosen over <see cref="Random"/> because
/// its output is fixed by the algorithm, so a seed gives the same curves on every runtime and machine.
/// </summary>
internal sealed class SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Between(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform whole number in [min, max].</summary>
    public int Between(int min, int max) => min + (int)(NextUInt64() % (ulong)(max - min + 1));

    /// <summary>The SplitMix64 finaliser: a strong 64-bit mixing function.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
