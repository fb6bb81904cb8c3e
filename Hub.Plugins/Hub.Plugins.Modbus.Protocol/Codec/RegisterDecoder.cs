using System.Buffers.Binary;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Turns registers read from a device into numbers. Each method takes exactly the registers of one value
/// (1 for 16-bit, 2 for 32-bit, 4 for 64-bit; slice the read result) and the device's <see cref="WordOrder"/>.
/// Byte-swapped orders (<see cref="WordOrder.Badc"/>, <see cref="WordOrder.Dcba"/>) swap the bytes of 16-bit values too.
/// </summary>
public static class RegisterDecoder
{
    public static ushort ToUInt16(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd)
    {
        Span<byte> bytes = stackalloc byte[2];
        ToBigEndianBytes(registers, order, bytes);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    public static short ToInt16(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd) =>
        unchecked((short)ToUInt16(registers, order));

    public static uint ToUInt32(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd)
    {
        Span<byte> bytes = stackalloc byte[4];
        ToBigEndianBytes(registers, order, bytes);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static int ToInt32(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd) =>
        unchecked((int)ToUInt32(registers, order));

    public static ulong ToUInt64(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd)
    {
        Span<byte> bytes = stackalloc byte[8];
        ToBigEndianBytes(registers, order, bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    public static long ToInt64(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd) =>
        unchecked((long)ToUInt64(registers, order));

    /// <summary>IEEE 754 binary32 from two registers.</summary>
    public static float ToSingle(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd) =>
        BitConverter.UInt32BitsToSingle(ToUInt32(registers, order));

    /// <summary>IEEE 754 binary64 from four registers.</summary>
    public static double ToDouble(ReadOnlySpan<ushort> registers, WordOrder order = WordOrder.Abcd) =>
        BitConverter.UInt64BitsToDouble(ToUInt64(registers, order));

    /// <summary>Puts the registers' bytes into big-endian (ABCD...) order.</summary>
    private static void ToBigEndianBytes(ReadOnlySpan<ushort> registers, WordOrder order, Span<byte> bytes)
    {
        var words = bytes.Length / 2;
        if (registers.Length != words)
        {
            throw new ArgumentException(
                $"A {bytes.Length * 8}-bit value needs exactly {words} register(s); {registers.Length} given.", nameof(registers));
        }

        var (reverseWords, swapBytes) = WordOrderLayout.Of(order);
        for (var i = 0; i < words; i++)
        {
            var register = registers[reverseWords ? words - 1 - i : i];
            if (swapBytes)
            {
                register = BinaryPrimitives.ReverseEndianness(register);
            }

            BinaryPrimitives.WriteUInt16BigEndian(bytes[(2 * i)..], register);
        }
    }
}
