using System.Buffers.Binary;
using System.Text;
using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Blocks;

/// <summary>
/// The byte layouts that are hashed and signed (docs/ledger.md "Canonical encoding"). Big-endian integers,
/// IEEE 754 binary64 numbers, length-prefixed UTF-8 strings: a fixed layout that any language (and a Solidity
/// contract) can rebuild, with no number formatting or JSON field order to agree on.
/// </summary>
public static class CanonicalEncoding
{
    /// <summary>The first byte of a reading encoding (version 1).</summary>
    public const byte ReadingVersion = 0x01;

    /// <summary>The first byte of a leaf encoding (version 1).</summary>
    public const byte LeafVersion = 0x01;

    [Flags]
    private enum Fields : byte
    {
        Import = 1,
        Export = 2,
        Power = 4,
        Voltage = 8,
        Current = 16,
        Frequency = 32,
        Seq = 64,
    }

    /// <summary>
    /// The reading as the meter measured it, without its signature: what a meter signs (keccak256 of these bytes)
    /// and the core of a leaf.
    /// </summary>
    public static byte[] EncodeReading(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        using var buffer = new MemoryStream(96);
        WriteReading(buffer, reading);
        return buffer.ToArray();
    }

    /// <summary>keccak256 of <see cref="EncodeReading"/>: the hash a meter signs.</summary>
    public static byte[] ReadingHash(Reading reading) => Keccak256.Hash(EncodeReading(reading));

    /// <summary>
    /// A stored reading with everything the hub decided about it: id, reading, signature, receive time,
    /// validity and every verdict. Its keccak256 is the Merkle leaf.
    /// </summary>
    public static byte[] EncodeLeaf(StoredReading stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var buffer = new MemoryStream(512);
        buffer.WriteByte(LeafVersion);
        WriteInt64(buffer, stored.Id);
        var reading = EncodeReading(stored.Reading);
        WriteUInt16(buffer, checked((ushort)reading.Length));
        buffer.Write(reading);
        WriteString16(buffer, stored.Reading.Signature ?? string.Empty);
        WriteInt64(buffer, stored.ReceivedAt.ToUnixTimeMilliseconds());
        buffer.WriteByte(stored.Valid ? (byte)1 : (byte)0);
        buffer.WriteByte(checked((byte)stored.Verdicts.Count));
        foreach (var verdict in stored.Verdicts)
        {
            WriteString8(buffer, verdict.Rule);
            buffer.WriteByte(verdict.Ok ? (byte)1 : (byte)0);
            WriteString16(buffer, verdict.Detail);
        }

        return buffer.ToArray();
    }

    /// <summary>The Merkle leaf of a stored reading: keccak256(<see cref="EncodeLeaf"/>).</summary>
    public static byte[] LeafHash(StoredReading stored) => Keccak256.Hash(EncodeLeaf(stored));

    private static void WriteReading(MemoryStream buffer, Reading reading)
    {
        buffer.WriteByte(ReadingVersion);
        WriteString8(buffer, reading.MeterId);
        WriteInt64(buffer, reading.Timestamp.ToUnixTimeMilliseconds());
        var fields = (reading.EnergyImportWh is null ? 0 : Fields.Import)
            | (reading.EnergyExportWh is null ? 0 : Fields.Export)
            | (reading.PowerW is null ? 0 : Fields.Power)
            | (reading.VoltageV is null ? 0 : Fields.Voltage)
            | (reading.CurrentA is null ? 0 : Fields.Current)
            | (reading.FrequencyHz is null ? 0 : Fields.Frequency)
            | (reading.Seq is null ? 0 : Fields.Seq);
        buffer.WriteByte((byte)fields);
        WriteOptional(buffer, reading.EnergyImportWh);
        WriteOptional(buffer, reading.EnergyExportWh);
        WriteOptional(buffer, reading.PowerW);
        WritePhases(buffer, reading.VoltageV);
        WritePhases(buffer, reading.CurrentA);
        WriteOptional(buffer, reading.FrequencyHz);
        if (reading.Seq is { } seq)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, seq);
            buffer.Write(bytes);
        }
    }

    private static void WriteOptional(MemoryStream buffer, double? value)
    {
        if (value is { } v)
        {
            WriteDouble(buffer, v);
        }
    }

    private static void WritePhases(MemoryStream buffer, IReadOnlyList<double>? values)
    {
        if (values is null)
        {
            return;
        }

        buffer.WriteByte(checked((byte)values.Count));
        foreach (var v in values)
        {
            WriteDouble(buffer, v);
        }
    }

    private static void WriteDouble(MemoryStream buffer, double value)
    {
        // -0.0 and 0.0 compare equal but differ in bits; one canonical zero keeps re-encodings identical.
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value == 0 ? 0.0 : value);
        buffer.Write(bytes);
    }

    private static void WriteInt64(MemoryStream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteUInt16(MemoryStream buffer, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteString8(MemoryStream buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        buffer.WriteByte(checked((byte)bytes.Length));
        buffer.Write(bytes);
    }

    private static void WriteString16(MemoryStream buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteUInt16(buffer, checked((ushort)bytes.Length));
        buffer.Write(bytes);
    }
}
