using System.Buffers.Binary;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// Turns numbers into registers in a device's <see cref="WordOrder"/>: the inverse of <see cref="RegisterDecoder"/>,
/// for a server's register map or a write request.
/// </summary>
public static class RegisterEncoder
{
    public static ushort[] FromUInt16(ushort value, WordOrder order = WordOrder.Abcd)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return FromBigEndianBytes(bytes, order);
    }

    public static ushort[] FromInt16(short value, WordOrder order = WordOrder.Abcd) =>
        FromUInt16(unchecked((ushort)value), order);

    public static ushort[] FromUInt32(uint value, WordOrder order = WordOrder.Abcd)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return FromBigEndianBytes(bytes, order);
    }

    public static ushort[] FromInt32(int value, WordOrder order = WordOrder.Abcd) =>
        FromUInt32(unchecked((uint)value), order);

    public static ushort[] FromUInt64(ulong value, WordOrder order = WordOrder.Abcd)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return FromBigEndianBytes(bytes, order);
    }

    public static ushort[] FromInt64(long value, WordOrder order = WordOrder.Abcd) =>
        FromUInt64(unchecked((ulong)value), order);

    /// <summary>IEEE 754 binary32 into two registers.</summary>
    public static ushort[] FromSingle(float value, WordOrder order = WordOrder.Abcd) =>
        FromUInt32(BitConverter.SingleToUInt32Bits(value), order);

    /// <summary>IEEE 754 binary64 into four registers.</summary>
    public static ushort[] FromDouble(double value, WordOrder order = WordOrder.Abcd) =>
        FromUInt64(BitConverter.DoubleToUInt64Bits(value), order);

    private static ushort[] FromBigEndianBytes(ReadOnlySpan<byte> bytes, WordOrder order)
    {
        var words = bytes.Length / 2;
        var (reverseWords, swapBytes) = WordOrderLayout.Of(order);
        var registers = new ushort[words];
        for (var i = 0; i < words; i++)
        {
            var register = BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 * i)..]);
            registers[reverseWords ? words - 1 - i : i] = swapBytes ? BinaryPrimitives.ReverseEndianness(register) : register;
        }

        return registers;
    }
}
