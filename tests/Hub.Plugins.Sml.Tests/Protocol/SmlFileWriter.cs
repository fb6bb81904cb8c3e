using System.Buffers.Binary;
using Hub.Plugins.Sml.Protocol;

namespace Hub.Plugins.Sml.Tests.Protocol;

/// <summary>
/// Builds SML 1.04 files from the standard's formats: TL fields (§6.3), SML_Message with its CRC (§5.1), an
/// OpenResponse, a GetList.Res with the given entries and a CloseResponse, padded and wrapped in transport v1
/// escapes with the CRC-16/X-25 (§8.1). Written for these tests; no frame is copied from elsewhere.
/// </summary>
internal static class SmlFileWriter
{
    public static readonly byte[] EmhServerId = [0x0A, 0x01, 0x45, 0x4D, 0x48, 0x00, 0x00, 0x7A, 0xC5, 0x3B];

    /// <summary>A list entry: OBIS (A,B,C,D,E), unit (null = not sent), scaler, value as signed or unsigned.</summary>
    internal sealed record Entry(byte[] Obis, byte? Unit, sbyte? Scaler, long Value, bool Signed = false, int Size = 0, byte[]? Octets = null);

    public static Entry Obis(byte c, byte d, byte e, byte? unit, sbyte? scaler, long value, bool signed = false, int size = 0, byte a = 1, byte b = 0) =>
        new([a, b, c, d, e, 0xFF], unit, scaler, value, signed, size);

    /// <summary>A full data set: 1.8.0, tariffs, 2.8.0, 16.7.0, three phases of power and voltage, frequency.</summary>
    public static List<Entry> FullDataSet(long importTenthWh, long exportTenthWh, long powerW) =>
    [
        new([0x81, 0x81, 0xC7, 0x82, 0x03, 0xFF], null, null, 0, Octets: "EMH"u8.ToArray()),
        new([1, 0, 0, 0, 9, 0xFF], null, null, 0, Octets: EmhServerId),
        Obis(1, 8, 0, 30, -1, importTenthWh, size: 8),
        Obis(1, 8, 1, 30, -1, importTenthWh - 5000, size: 8),
        Obis(1, 8, 2, 30, -1, 5000, size: 8),
        Obis(2, 8, 0, 30, -1, exportTenthWh, size: 8),
        Obis(16, 7, 0, 27, 0, powerW, signed: true, size: 4),
        Obis(36, 7, 0, 27, -2, powerW * 50, signed: true, size: 4),
        Obis(56, 7, 0, 27, -2, powerW * 30, signed: true, size: 4),
        Obis(76, 7, 0, 27, -2, powerW * 20, signed: true, size: 4),
        Obis(32, 7, 0, 35, -1, 2301, size: 2),
        Obis(52, 7, 0, 35, -1, 2312, size: 2),
        Obis(72, 7, 0, 35, -1, 2298, size: 2),
        Obis(14, 7, 0, 44, -2, 4998, size: 2),
    ];

    /// <summary>The reduced data set of a PIN-locked meter: only 1.8.0 in whole Wh (scaler 0), no power.</summary>
    public static List<Entry> ReducedDataSet(long importWh) =>
    [
        new([1, 0, 96, 1, 0, 0xFF], null, null, 0, Octets: EmhServerId),
        Obis(1, 8, 0, 30, 0, importWh, size: 4),
    ];

    public static byte[] Frame(IEnumerable<Entry> entries, byte[]? serverId = null)
    {
        serverId ??= EmhServerId;
        var payload = new List<byte>();
        payload.AddRange(Message(1, 0x0101, List(Absent(), Absent(), Octets([0x01, 0x02, 0x03, 0x04]), Octets(serverId), Absent(), Absent())));
        var values = entries.Select(e => List(
            Octets(e.Obis),
            Unsigned(0x00_00_01_82, 4),
            Absent(),
            e.Unit is { } unit ? Unsigned(unit, 1) : Absent(),
            e.Scaler is { } scaler ? Signed(scaler, 1) : Absent(),
            e.Octets is { } octets ? Octets(octets) : e.Signed ? Signed(e.Value, e.Size == 0 ? 8 : e.Size) : Unsigned((ulong)e.Value, e.Size == 0 ? 8 : e.Size),
            Absent())).ToArray();
        payload.AddRange(Message(2, 0x0701, List(
            Absent(),
            Octets(serverId),
            Octets([0x01, 0x00, 0x62, 0x0A, 0xFF, 0xFF]),
            List(Unsigned(1, 1), Unsigned(0x0123_4567, 4)),
            List(values),
            Absent(),
            Absent())));
        payload.AddRange(Message(3, 0x0201, List(Absent())));
        return Wrap([.. payload]);
    }

    /// <summary>Transport v1: start, payload (escaping aligned 1B1B1B1B), fill to 4, end with fill count and CRC (low byte first).</summary>
    public static byte[] Wrap(byte[] payload)
    {
        var fill = (4 - (payload.Length % 4)) % 4;
        var padded = payload.Concat(new byte[fill]).ToArray();
        var frame = new List<byte> { 0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01 };
        for (var i = 0; i < padded.Length; i += 4)
        {
            var four = padded.AsSpan(i, 4);
            frame.AddRange(four);
            if (four.SequenceEqual((byte[])[0x1B, 0x1B, 0x1B, 0x1B]))
            {
                frame.AddRange(four);
            }
        }

        frame.AddRange([0x1B, 0x1B, 0x1B, 0x1B, 0x1A, (byte)fill]);
        var crc = SmlCrc16.Compute([.. frame]);
        frame.Add((byte)(crc & 0xFF));
        frame.Add((byte)(crc >> 8));
        return [.. frame];
    }

    private static byte[] Message(byte transaction, ushort tag, byte[] body)
    {
        var withoutCrc = new List<byte> { 0x76 };
        withoutCrc.AddRange(Octets([transaction]));
        withoutCrc.AddRange(Unsigned(0, 1));
        withoutCrc.AddRange(Unsigned(0, 1));
        withoutCrc.AddRange(List(Unsigned(tag, 2), body));
        var crc = SmlCrc16.Compute([.. withoutCrc]);
        withoutCrc.AddRange(Unsigned(crc, 2));
        withoutCrc.Add(0x00);
        return [.. withoutCrc];
    }

    public static byte[] Absent() => [0x01];

    public static byte[] Octets(byte[] value)
    {
        var length = value.Length + 1;
        if (length <= 15)
        {
            return [(byte)length, .. value];
        }

        length = value.Length + 2;
        return [(byte)(0x80 | (length >> 4)), (byte)(length & 0x0F), .. value];
    }

    public static byte[] Unsigned(ulong value, int size)
    {
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(eight, value);
        return [(byte)(0x60 | (size + 1)), .. eight[(8 - size)..]];
    }

    public static byte[] Signed(long value, int size)
    {
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(eight, value);
        return [(byte)(0x50 | (size + 1)), .. eight[(8 - size)..]];
    }

    public static byte[] List(params byte[][] items)
    {
        byte[] head = items.Length <= 15 ? [(byte)(0x70 | items.Length)] : [(byte)(0xF0 | (items.Length >> 4)), (byte)(items.Length & 0x0F)];
        return [.. head, .. items.SelectMany(i => i)];
    }
}
