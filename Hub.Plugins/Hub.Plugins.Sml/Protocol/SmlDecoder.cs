using System.Buffers.Binary;
using System.Globalization;

namespace Hub.Plugins.Sml.Protocol;

/// <summary>
/// Decodes the TL fields of SML 1.04 §6.3: the high nibble of the first byte is the type (0 octet string, 4 boolean,
/// 5 integer, 6 unsigned, 7 list) with bit 7 saying that another TL byte follows; the low nibbles give the length
/// (for scalars including the TL bytes, for lists the number of elements). 0x00 ends a message. Bounded in depth and
/// list size so a hostile file cannot exhaust the stack or memory.
/// </summary>
public static class SmlDecoder
{
    public const int MaxDepth = 12;
    public const int MaxListItems = 512;

    /// <summary>Every SML_Message of a file's payload (the end-of-message 0x00 bytes skipped).</summary>
    public static List<SmlList> Messages(ReadOnlySpan<byte> payload)
    {
        var messages = new List<SmlList>();
        var at = 0;
        while (at < payload.Length)
        {
            if (payload[at] == 0x00)
            {
                at++;
                continue;
            }

            var node = Read(payload, ref at, 0);
            messages.Add(node as SmlList ?? throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"at byte {at}: an SML message is a list, not {node.GetType().Name}.")));
        }

        return messages;
    }

    public static SmlNode Read(ReadOnlySpan<byte> data, ref int at, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SmlFormatException($"lists nested deeper than {MaxDepth}.");
        }

        var start = at;
        var first = Byte(data, ref at);
        var type = (first >> 4) & 0x7;
        var length = first & 0x0F;
        var more = (first & 0x80) != 0;
        var tlBytes = 1;
        while (more)
        {
            var next = Byte(data, ref at);
            if ((next & 0x70) != 0)
            {
                throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"at byte {at - 1}: a follow-up TL byte must have type bits 000."));
            }

            length = (length << 4) | (next & 0x0F);
            more = (next & 0x80) != 0;
            tlBytes++;
            if (tlBytes > 4)
            {
                throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"at byte {start}: more than four TL bytes."));
            }
        }

        if (type == 7)
        {
            if (length > MaxListItems)
            {
                throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"at byte {start}: a list of {length} elements; at most {MaxListItems}."));
            }

            var items = new List<SmlNode>(length);
            for (var i = 0; i < length; i++)
            {
                items.Add(Read(data, ref at, depth + 1));
            }

            return new SmlList(items);
        }

        if (first is 0x01 or 0x00)
        {
            // 0x01: an optional element not set; 0x00: endOfSmlMsg, the last element of every SML_Message.
            return SmlAbsent.Instance;
        }

        var valueLength = length - tlBytes;
        if (valueLength < 0 || at + valueLength > data.Length)
        {
            throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"at byte {start}: an element of {length} bytes runs past the end of the file."));
        }

        var value = data.Slice(at, valueLength);
        at += valueLength;
        return type switch
        {
            0 => new SmlOctets(value.ToArray()),
            4 when valueLength == 1 => new SmlBool(value[0] != 0),
            5 when valueLength is >= 1 and <= 8 => new SmlInt(SignedBigEndian(value)),
            6 when valueLength is >= 1 and <= 8 => new SmlUInt(UnsignedBigEndian(value)),
            _ => throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"at byte {start}: TL byte {first:X2} with {valueLength} value bytes is no SML type.")),
        };
    }

    private static byte Byte(ReadOnlySpan<byte> data, ref int at) =>
        at < data.Length ? data[at++] : throw new SmlFormatException("the file ends inside an element.");

    private static ulong UnsignedBigEndian(ReadOnlySpan<byte> value)
    {
        Span<byte> eight = stackalloc byte[8];
        eight.Clear();
        value.CopyTo(eight[(8 - value.Length)..]);
        return BinaryPrimitives.ReadUInt64BigEndian(eight);
    }

    private static long SignedBigEndian(ReadOnlySpan<byte> value)
    {
        Span<byte> eight = stackalloc byte[8];
        eight.Fill((value[0] & 0x80) != 0 ? (byte)0xFF : (byte)0x00);
        value.CopyTo(eight[(8 - value.Length)..]);
        return BinaryPrimitives.ReadInt64BigEndian(eight);
    }
}
