using System.Collections;
using System.Numerics;
using System.Text;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Evm.Abi;

/// <summary>
/// Solidity ABI encoding and strict decoding (Solidity docs, "Contract ABI Specification", formal specification).
/// Values: integers as <see cref="BigInteger"/> (any CLR integer is accepted when encoding), address as a 0x string
/// (decoded in EIP-55 checksum form) or 20 bytes, bool, bytesN and bytes as byte[], string, arrays as any
/// <see cref="IList"/> (decoded as object?[]), tuples as object?[].
/// </summary>
public static class AbiCodec
{
    private const int Word = 32;

    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return EncodeSequence(types, values, "arguments");
    }

    public static byte[] Encode(string types, params object?[] values) => Encode(AbiType.ParseList(types), values);

    /// <summary>Decodes a sequence of values (function arguments or return data) from <paramref name="data"/>.</summary>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return DecodeSequence(types, data, 0);
    }

    public static object?[] Decode(string types, ReadOnlySpan<byte> data) => Decode(AbiType.ParseList(types), data);

    private static byte[] EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, string what)
    {
        if (types.Count != values.Count)
        {
            throw new AbiException($"abi: {types.Count} types but {values.Count} {what}.");
        }

        var headSize = types.Sum(t => t.IsDynamic ? Word : t.StaticSize);
        var heads = new List<byte>(headSize);
        var tails = new List<byte>();
        for (var i = 0; i < types.Count; i++)
        {
            var encoded = EncodeValue(types[i], values[i]);
            if (types[i].IsDynamic)
            {
                heads.AddRange(UInt(headSize + tails.Count));
                tails.AddRange(encoded);
            }
            else
            {
                heads.AddRange(encoded);
            }
        }

        heads.AddRange(tails);
        return [.. heads];
    }

    private static byte[] EncodeValue(AbiType type, object? value)
    {
        switch (type.Kind)
        {
            case AbiKind.UnsignedInteger:
            case AbiKind.SignedInteger:
                return EncodeInteger(type, ToBigInteger(type, value));
            case AbiKind.Bool:
                return value is bool flag ? UInt(flag ? 1 : 0) : throw Mismatch(type, value);
            case AbiKind.Address:
                return LeftPad(AddressBytes(value));
            case AbiKind.FixedBytes:
                var fixedBytes = value as byte[] ?? throw Mismatch(type, value);
                return fixedBytes.Length == type.Size
                    ? RightPad(fixedBytes)
                    : throw new AbiException($"abi: {type} takes exactly {type.Size} bytes, got {fixedBytes.Length}.");
            case AbiKind.Bytes:
                return EncodeDynamicBytes(value as byte[] ?? throw Mismatch(type, value));
            case AbiKind.Text:
                return EncodeDynamicBytes(Encoding.UTF8.GetBytes(value as string ?? throw Mismatch(type, value)));
            case AbiKind.Array:
                var items = Items(type, value);
                return [.. UInt(items.Count), .. EncodeSequence(Repeat(type.Element!, items.Count), items, "elements")];
            case AbiKind.FixedArray:
                var fixedItems = Items(type, value);
                return fixedItems.Count == type.Size
                    ? EncodeSequence(Repeat(type.Element!, type.Size), fixedItems, "elements")
                    : throw new AbiException($"abi: {type} takes {type.Size} elements, got {fixedItems.Count}.");
            default:
                return EncodeSequence(type.Components, Items(type, value), "tuple components");
        }
    }

    private static object?[] DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, int start)
    {
        var values = new object?[types.Count];
        var head = start;
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i].IsDynamic)
            {
                var offset = ReadLength(data, head, "offset");
                values[i] = DecodeValue(types[i], data, Checked(start, offset, data.Length));
                head += Word;
            }
            else
            {
                values[i] = DecodeValue(types[i], data, head);
                head += types[i].StaticSize;
            }
        }

        return values;
    }

    private static object? DecodeValue(AbiType type, ReadOnlySpan<byte> data, int at)
    {
        switch (type.Kind)
        {
            case AbiKind.UnsignedInteger:
            case AbiKind.SignedInteger:
                return DecodeInteger(type, WordAt(data, at));
            case AbiKind.Bool:
                var flag = DecodeInteger(type, WordAt(data, at));
                return flag <= 1 ? flag == 1 : throw new AbiException($"abi: bool word holds {flag}; only 0 or 1 are valid.");
            case AbiKind.Address:
                var word = WordAt(data, at);
                if (word[..12].ContainsAnyExcept((byte)0))
                {
                    throw new AbiException("abi: address word has non-zero upper 12 bytes.");
                }

                return Secp256k1.ToChecksumAddress(word[12..]);
            case AbiKind.FixedBytes:
                var bytesWord = WordAt(data, at);
                if (bytesWord[type.Size..].ContainsAnyExcept((byte)0))
                {
                    throw new AbiException($"abi: {type} word has non-zero padding.");
                }

                return bytesWord[..type.Size].ToArray();
            case AbiKind.Bytes:
                return DecodeDynamicBytes(data, at);
            case AbiKind.Text:
                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(DecodeDynamicBytes(data, at));
                }
                catch (DecoderFallbackException ex)
                {
                    throw new AbiException("abi: string is not valid UTF-8.", ex);
                }

            case AbiKind.Array:
                var count = ReadLength(data, at, "array length");
                // Every element takes at least one word: a larger count than the data allows is garbage, not a request to allocate.
                if (count > (data.Length - at - Word) / Word)
                {
                    throw new AbiException($"abi: array length {count} exceeds the data.");
                }

                return DecodeSequence(Repeat(type.Element!, count), data, at + Word);
            case AbiKind.FixedArray:
                return DecodeSequence(Repeat(type.Element!, type.Size), data, at);
            default:
                return DecodeSequence(type.Components, data, at);
        }
    }

    private static byte[] EncodeInteger(AbiType type, BigInteger value)
    {
        var (min, max) = type.Kind == AbiKind.UnsignedInteger
            ? (BigInteger.Zero, (BigInteger.One << type.Size) - 1)
            : (-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1);
        if (value < min || value > max)
        {
            throw new AbiException($"abi: {value} is out of range for {type}.");
        }

        // Two's complement in 256 bits: negative values are sign-extended with 0xff.
        var word = value.Sign < 0 ? Enumerable.Repeat((byte)0xff, Word).ToArray() : new byte[Word];
        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: true);
        if (value.Sign >= 0 && bytes.Length > Word)
        {
            bytes = bytes[^Word..];
        }

        bytes.CopyTo(word, Word - bytes.Length);
        return word;
    }

    private static BigInteger DecodeInteger(AbiType type, ReadOnlySpan<byte> word)
    {
        var value = type.Kind == AbiKind.SignedInteger
            ? new BigInteger(word, isUnsigned: false, isBigEndian: true)
            : new BigInteger(word, isUnsigned: true, isBigEndian: true);
        var (min, max) = type.Kind is AbiKind.UnsignedInteger or AbiKind.Bool
            ? (BigInteger.Zero, (BigInteger.One << type.Size) - 1)
            : (-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1);
        return value >= min && value <= max
            ? value
            : throw new AbiException($"abi: word holds {value}, out of range for {type} (dirty high bits).");
    }

    private static BigInteger ToBigInteger(AbiType type, object? value) => value switch
    {
        BigInteger big => big,
        byte b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        _ => throw Mismatch(type, value),
    };

    private static byte[] AddressBytes(object? value)
    {
        var bytes = value switch
        {
            byte[] raw => raw,
            string text => Hex.Decode(text),
            _ => throw new AbiException($"abi: an address is a 0x string or 20 bytes, got {value?.GetType().Name ?? "null"}."),
        };
        return bytes.Length == 20 ? bytes : throw new AbiException($"abi: an address is 20 bytes, got {bytes.Length}.");
    }

    private static byte[] EncodeDynamicBytes(byte[] bytes) => [.. UInt(bytes.Length), .. RightPad(bytes)];

    private static byte[] DecodeDynamicBytes(ReadOnlySpan<byte> data, int at)
    {
        var length = ReadLength(data, at, "byte length");
        if (length > data.Length - at - Word)
        {
            throw new AbiException($"abi: {length} bytes declared but only {data.Length - at - Word} present.");
        }

        return data.Slice(at + Word, length).ToArray();
    }

    private static List<object?> Items(AbiType type, object? value) => value switch
    {
        IList list and not byte[] => [.. list.Cast<object?>()],
        _ => throw Mismatch(type, value),
    };

    private static AbiType[] Repeat(AbiType type, int count) => Enumerable.Repeat(type, count).ToArray();

    private static ReadOnlySpan<byte> WordAt(ReadOnlySpan<byte> data, int at) =>
        at >= 0 && at <= data.Length - Word
            ? data.Slice(at, Word)
            : throw new AbiException($"abi: data ends before the word at byte {at} ({data.Length} bytes).");

    private static int ReadLength(ReadOnlySpan<byte> data, int at, string what)
    {
        var value = new BigInteger(WordAt(data, at), isUnsigned: true, isBigEndian: true);
        return value <= int.MaxValue ? (int)value : throw new AbiException($"abi: {what} {value} is larger than any data.");
    }

    private static int Checked(int start, int offset, int length) =>
        (long)start + offset <= length ? start + offset : throw new AbiException($"abi: offset {offset} points past the data.");

    private static byte[] UInt(int value) => EncodeInteger(AbiType.Parse("uint256"), value);

    private static byte[] LeftPad(byte[] bytes)
    {
        var word = new byte[Word];
        bytes.CopyTo(word, Word - bytes.Length);
        return word;
    }

    private static byte[] RightPad(byte[] bytes)
    {
        var padded = new byte[(bytes.Length + Word - 1) / Word * Word];
        bytes.CopyTo(padded, 0);
        return padded;
    }

    private static AbiException Mismatch(AbiType type, object? value) =>
        new($"abi: a value of type {value?.GetType().Name ?? "null"} cannot be encoded as {type}.");
}
