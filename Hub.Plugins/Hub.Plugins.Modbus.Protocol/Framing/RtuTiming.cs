namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// RTU inter-frame silence: 3.5 character times, fixed at 1.75 ms above 19200 baud
/// (Modbus over Serial Line V1.02 §2.5.1.1).
/// </summary>
internal static class RtuTiming
{
    private static readonly TimeSpan HighSpeedInterFrameDelay = TimeSpan.FromMicroseconds(1750);

    /// <summary>Bits on the wire per character: start bit + data bits + parity bit (if any) + stop bits.</summary>
    public static int BitsPerCharacter(int dataBits, bool hasParity, double stopBits) =>
        1 + dataBits + (hasParity ? 1 : 0) + (int)Math.Ceiling(stopBits);

    public static TimeSpan InterFrameDelay(int baudRate, int bitsPerCharacter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bitsPerCharacter);
        return baudRate > 19200
            ? HighSpeedInterFrameDelay
            : TimeSpan.FromSeconds(3.5 * bitsPerCharacter / baudRate);
    }
}
