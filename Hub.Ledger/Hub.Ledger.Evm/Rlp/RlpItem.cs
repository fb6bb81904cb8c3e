using System.Numerics;
using System.Text;

namespace Hub.Ledger.Evm.Rlp;

/// <summary>
/// An RLP item (yellow paper, appendix B): either a byte string or a list of items. Integers are byte strings in
/// big-endian form without leading zeros (0 is the empty string).
/// </summary>
public sealed class RlpItem
{
    private readonly byte[]? _bytes;
    private readonly RlpItem[]? _items;

    private RlpItem(byte[]? bytes, RlpItem[]? items)
    {
        _bytes = bytes;
        _items = items;
    }

    public static RlpItem Empty { get; } = new([], null);

    public static RlpItem EmptyList { get; } = new(null, []);

    public bool IsList => _items is not null;

    /// <summary>The bytes of a string item; throws <see cref="RlpException"/> for a list.</summary>
    public byte[] Bytes => _bytes ?? throw new RlpException("expected a byte string, found a list");

    /// <summary>The items of a list item; throws <see cref="RlpException"/> for a string.</summary>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new RlpException("expected a list, found a byte string");

    public static RlpItem FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null);

    public static RlpItem Utf8(string text) => new(Encoding.UTF8.GetBytes(text), null);

    public static RlpItem List(params RlpItem[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(null, [.. items]);
    }

    public static RlpItem List(IEnumerable<RlpItem> items) => new(null, [.. items]);

    /// <summary>A non-negative integer as its minimal big-endian bytes (yellow paper eq. 185: no leading zeros).</summary>
    public static RlpItem FromInteger(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "RLP integers are non-negative.");
        }

        return new(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true), null);
    }

    /// <summary>Reads a string item as a scalar; rejects leading zeros (non-canonical) and lists.</summary>
    public BigInteger ToInteger()
    {
        var bytes = Bytes;
        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new RlpException("an integer with leading zero bytes is not canonical");
        }

        if (bytes.Length > 32)
        {
            throw new RlpException($"an integer of {bytes.Length} bytes exceeds 256 bits");
        }

        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    public ulong ToUInt64()
    {
        var value = ToInteger();
        return value <= ulong.MaxValue ? (ulong)value : throw new RlpException($"integer {value} does not fit 64 bits");
    }

    public override string ToString() => IsList
        ? "[" + string.Join(", ", _items!.Select(i => i.ToString())) + "]"
        : Convert.ToHexStringLower(_bytes!);
}
