using System.Globalization;

namespace Hub.Ledger.Evm.Abi;

/// <summary>
/// A parsed ABI type such as <c>uint64</c>, <c>bytes32[]</c> or <c>(bytes32,uint64,uint256,bytes32)[]</c>.
/// <see cref="CanonicalName"/> is the form used in signatures (<c>uint</c> becomes <c>uint256</c>).
/// </summary>
public sealed class AbiType
{
    private AbiType(AbiKind kind, int size, AbiType? element, IReadOnlyList<AbiType> components)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Components = components;
        CanonicalName = kind switch
        {
            AbiKind.UnsignedInteger => $"uint{size}",
            AbiKind.SignedInteger => $"int{size}",
            AbiKind.Address => "address",
            AbiKind.Bool => "bool",
            AbiKind.FixedBytes => $"bytes{size}",
            AbiKind.Bytes => "bytes",
            AbiKind.Text => "string",
            AbiKind.Array => element!.CanonicalName + "[]",
            AbiKind.FixedArray => element!.CanonicalName + "[" + size.ToString(CultureInfo.InvariantCulture) + "]",
            _ => "(" + string.Join(",", components.Select(c => c.CanonicalName)) + ")",
        };
        IsDynamic = kind is AbiKind.Bytes or AbiKind.Text or AbiKind.Array
            || (kind == AbiKind.FixedArray && element!.IsDynamic)
            || (kind == AbiKind.Tuple && components.Any(c => c.IsDynamic));
    }

    public AbiKind Kind { get; }

    /// <summary>Bits for (u)int, bytes for bytesN, length for T[k]; 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>The element type of an array.</summary>
    public AbiType? Element { get; }

    /// <summary>The component types of a tuple; empty otherwise.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    public string CanonicalName { get; }

    /// <summary>bytes, string, T[], T[k] of a dynamic T, and tuples with a dynamic component (ABI spec, "Formal Specification").</summary>
    public bool IsDynamic { get; }

    /// <summary>The size of the head of a static type: 32 bytes per word, tuples and T[k] in place.</summary>
    internal int StaticSize => Kind switch
    {
        AbiKind.FixedArray => Size * Element!.StaticSize,
        AbiKind.Tuple => Components.Sum(c => c.StaticSize),
        _ => 32,
    };

    public static AbiType Tuple(params AbiType[] components) => new(AbiKind.Tuple, 0, null, [.. components]);

    public static AbiType Parse(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        var text = type.Replace(" ", string.Empty, StringComparison.Ordinal);
        var position = 0;
        var parsed = ParseAt(text, ref position);
        if (position != text.Length)
        {
            throw new AbiException($"abi: unexpected '{text[position..]}' in type '{type}'.");
        }

        return parsed;
    }

    /// <summary>Parses a comma-separated list of types, e.g. the inside of <c>f(uint256,bytes)</c>.</summary>
    public static IReadOnlyList<AbiType> ParseList(string types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var tuple = Parse("(" + types + ")");
        return tuple.Components;
    }

    public override string ToString() => CanonicalName;

    private static AbiType ParseAt(string text, ref int position)
    {
        AbiType current;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            var components = new List<AbiType>();
            if (position < text.Length && text[position] == ')')
            {
                position++;
            }
            else
            {
                while (true)
                {
                    components.Add(ParseAt(text, ref position));
                    if (position >= text.Length)
                    {
                        throw new AbiException($"abi: unclosed tuple in '{text}'.");
                    }

                    var separator = text[position++];
                    if (separator == ')')
                    {
                        break;
                    }

                    if (separator != ',')
                    {
                        throw new AbiException($"abi: expected ',' or ')' in '{text}'.");
                    }
                }
            }

            current = new AbiType(AbiKind.Tuple, 0, null, components);
        }
        else
        {
            var start = position;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
            {
                position++;
            }

            current = Elementary(text[start..position]);
        }

        while (position < text.Length && text[position] == '[')
        {
            var close = text.IndexOf(']', position);
            if (close < 0)
            {
                throw new AbiException($"abi: unclosed '[' in '{text}'.");
            }

            var length = text[(position + 1)..close];
            position = close + 1;
            if (length.Length == 0)
            {
                current = new AbiType(AbiKind.Array, 0, current, []);
            }
            else if (int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0)
            {
                current = new AbiType(AbiKind.FixedArray, k, current, []);
            }
            else
            {
                throw new AbiException($"abi: bad array length '{length}' in '{text}'.");
            }
        }

        return current;
    }

    private static AbiType Elementary(string name)
    {
        switch (name)
        {
            case "address":
                return new AbiType(AbiKind.Address, 160, null, []);
            case "bool":
                return new AbiType(AbiKind.Bool, 8, null, []);
            case "bytes":
                return new AbiType(AbiKind.Bytes, 0, null, []);
            case "string":
                return new AbiType(AbiKind.Text, 0, null, []);
            case "uint":
                return new AbiType(AbiKind.UnsignedInteger, 256, null, []);
            case "int":
                return new AbiType(AbiKind.SignedInteger, 256, null, []);
        }

        if (name.StartsWith("uint", StringComparison.Ordinal) && Bits(name[4..]) is { } ubits)
        {
            return new AbiType(AbiKind.UnsignedInteger, ubits, null, []);
        }

        if (name.StartsWith("int", StringComparison.Ordinal) && Bits(name[3..]) is { } ibits)
        {
            return new AbiType(AbiKind.SignedInteger, ibits, null, []);
        }

        if (name.StartsWith("bytes", StringComparison.Ordinal)
            && int.TryParse(name[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is > 0 and <= 32
            && name[5] != '0')
        {
            return new AbiType(AbiKind.FixedBytes, m, null, []);
        }

        throw new AbiException($"abi: unknown or unsupported type '{name}'.");
    }

    private static int? Bits(string digits) =>
        digits.Length > 0 && digits[0] != '0'
        && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits is > 0 and <= 256 && bits % 8 == 0
            ? bits
            : null;
}
