using Hub.Plugins.Coap.Protocol.Codec;

namespace Hub.Plugins.Coap.Protocol.Blockwise;

/// <summary>A Block1/Block2 value, RFC 7959 §2.2: NUM, M (more) and SZX (block size 2^(SZX+4), SZX 7 reserved).</summary>
public readonly record struct BlockOption(uint Number, bool More, int SizeExponent)
{
    public int Size => 1 << (SizeExponent + 4);

    public bool IsValid => SizeExponent is >= 0 and <= 6 && Number < (1u << 20);

    public static BlockOption Parse(CoapOption option)
    {
        var value = option.AsUInt();
        return new BlockOption(value >> 4, (value & 0x8) != 0, (int)(value & 0x7));
    }

    /// <summary>The largest SZX whose block fits in <paramref name="bytes"/> (at least 16).</summary>
    public static int ExponentFor(int bytes)
    {
        var exponent = 6;
        while (exponent > 0 && (1 << (exponent + 4)) > bytes)
        {
            exponent--;
        }

        return exponent;
    }

    public CoapOption ToOption(ushort number) => CoapOption.FromUInt(number, (Number << 4) | (More ? 8u : 0u) | (uint)SizeExponent);
}
