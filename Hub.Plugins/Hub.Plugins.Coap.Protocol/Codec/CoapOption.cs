using System.Text;

namespace Hub.Plugins.Coap.Protocol.Codec;

/// <summary>One option: its number and raw value (RFC 7252 §3.1); helpers for the uint and string formats (§3.2).</summary>
public readonly record struct CoapOption(ushort Number, ReadOnlyMemory<byte> Value)
{
    public static CoapOption FromUInt(ushort number, uint value)
    {
        // §3.2 uint: the shortest big-endian form, zero as the empty string.
        var length = value == 0 ? 0 : value <= 0xFF ? 1 : value <= 0xFFFF ? 2 : value <= 0xFFFFFF ? 3 : 4;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[length - 1 - i] = (byte)(value >> (8 * i));
        }

        return new CoapOption(number, bytes);
    }

    public static CoapOption FromString(ushort number, string value) => new(number, Encoding.UTF8.GetBytes(value));

    /// <summary>The value as a uint; longer than 4 bytes is a decode error of the caller's choosing, here it saturates.</summary>
    public uint AsUInt()
    {
        uint result = 0;
        foreach (var b in Value.Span.Length > 4 ? Value.Span[^4..] : Value.Span)
        {
            result = (result << 8) | b;
        }

        return result;
    }

    public string AsString() => Encoding.UTF8.GetString(Value.Span);
}
