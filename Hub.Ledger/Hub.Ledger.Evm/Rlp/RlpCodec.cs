using System.Buffers.Binary;
using System.Numerics;

namespace Hub.Ledger.Evm.Rlp;

/// <summary>
/// Recursive Length Prefix encoding and strict decoding, Ethereum yellow paper appendix B. The decoder accepts only
/// the canonical form: a single byte below 0x80 is not wrapped, lengths below 56 use the short form, long-form
/// lengths have no leading zeros, and the whole input is exactly one item.
/// </summary>
public static class RlpCodec
{
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var output = new List<byte>();
        Write(item, output);
        return [.. output];
    }

    /// <summary>Decodes exactly one item; trailing bytes are an error.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> input)
    {
        var offset = 0;
        var item = Read(input, ref offset, depth: 0);
        if (offset != input.Length)
        {
            throw new RlpException($"{input.Length - offset} trailing bytes after the item", offset);
        }

        return item;
    }

    private static void Write(RlpItem item, List<byte> output)
    {
        if (!item.IsList)
        {
            var bytes = item.Bytes;
            if (bytes.Length == 1 && bytes[0] < 0x80)
            {
                output.Add(bytes[0]);
                return;
            }

            WriteHeader(0x80, bytes.Length, output);
            output.AddRange(bytes);
            return;
        }

        var payload = new List<byte>();
        foreach (var child in item.Items)
        {
            Write(child, payload);
        }

        WriteHeader(0xc0, payload.Count, output);
        output.AddRange(payload);
    }

    private static void WriteHeader(byte shortBase, int length, List<byte> output)
    {
        if (length < 56)
        {
            output.Add((byte)(shortBase + length));
            return;
        }

        Span<byte> be = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(be, length);
        var lengthBytes = be[(BitOperations.LeadingZeroCount((uint)length) / 8)..];
        output.Add((byte)(shortBase + 55 + lengthBytes.Length));
        output.AddRange(lengthBytes);
    }

    private static RlpItem Read(ReadOnlySpan<byte> input, ref int offset, int depth)
    {
        // Deep nesting only comes from hostile input; bound it rather than overflow the stack.
        if (depth > 1024)
        {
            throw new RlpException("nesting deeper than 1024 lists", offset);
        }

        if (offset >= input.Length)
        {
            throw new RlpException("unexpected end of input", offset);
        }

        var start = offset;
        var prefix = input[offset++];
        if (prefix < 0x80)
        {
            return RlpItem.FromBytes([prefix]);
        }

        if (prefix < 0xc0)
        {
            var length = ReadLength(input, ref offset, prefix, 0x80, start);
            var bytes = Take(input, ref offset, length, start);
            if (length == 1 && bytes[0] < 0x80)
            {
                throw new RlpException("a single byte below 0x80 must not carry a length prefix", start);
            }

            return RlpItem.FromBytes(bytes);
        }

        var listLength = ReadLength(input, ref offset, prefix, 0xc0, start);
        var payload = Take(input, ref offset, listLength, start);
        var items = new List<RlpItem>();
        var inner = 0;
        while (inner < payload.Length)
        {
            items.Add(Read(payload, ref inner, depth + 1));
        }

        return RlpItem.List(items);
    }

    private static int ReadLength(ReadOnlySpan<byte> input, ref int offset, byte prefix, byte shortBase, int start)
    {
        var code = prefix - shortBase;
        if (code <= 55)
        {
            return code;
        }

        var lengthOfLength = code - 55;
        if (offset + lengthOfLength > input.Length)
        {
            throw new RlpException("the length field runs past the end of input", start);
        }

        var field = input.Slice(offset, lengthOfLength);
        offset += lengthOfLength;
        if (field[0] == 0)
        {
            throw new RlpException("a long-form length with leading zeros is not canonical", start);
        }

        if (lengthOfLength > 4)
        {
            throw new RlpException($"a length field of {lengthOfLength} bytes is larger than any input", start);
        }

        long length = 0;
        foreach (var b in field)
        {
            length = (length << 8) | b;
        }

        if (length < 56)
        {
            throw new RlpException($"length {length} uses the long form; below 56 the short form is canonical", start);
        }

        if (length > int.MaxValue)
        {
            throw new RlpException($"length {length} is larger than any input", start);
        }

        return (int)length;
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> input, ref int offset, int length, int start)
    {
        if (length > input.Length - offset)
        {
            throw new RlpException($"the item declares {length} bytes but only {input.Length - offset} remain", start);
        }

        var slice = input.Slice(offset, length);
        offset += length;
        return slice;
    }
}
