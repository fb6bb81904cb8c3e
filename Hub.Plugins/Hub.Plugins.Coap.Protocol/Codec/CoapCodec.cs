using System.Buffers.Binary;
using Hub.Plugins.Coap.Protocol.Errors;

namespace Hub.Plugins.Coap.Protocol.Codec;

/// <summary>The pure RFC 7252 §3 message codec. <see cref="Decode"/> throws only <see cref="CoapFormatException"/>.</summary>
public static class CoapCodec
{
    public const byte PayloadMarker = 0xFF;

    /// <exception cref="CoapFormatException">The datagram is not a well-formed CoAP message.</exception>
    public static CoapMessage Decode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 4)
        {
            throw Error(CoapDecodeError.TooShort, $"{datagram.Length} byte(s); a CoAP message has a 4-byte header");
        }

        var first = datagram[0];
        if (first >> 6 != 1)
        {
            throw Error(CoapDecodeError.UnknownVersion, $"version {first >> 6}; only version 1 is defined");
        }

        var type = (CoapType)((first >> 4) & 0x3);
        var tokenLength = first & 0x0F;
        if (tokenLength > 8)
        {
            throw Error(CoapDecodeError.ReservedTokenLength, $"token length {tokenLength} is reserved (0-8 allowed)");
        }

        var code = new CoapCode(datagram[1]);
        if (code.Class is 1 or 6 or 7)
        {
            throw Error(CoapDecodeError.ReservedCodeClass, $"code {code} is in a reserved class");
        }

        var messageId = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (datagram.Length < 4 + tokenLength)
        {
            throw Error(CoapDecodeError.Truncated, "the datagram ends inside the token");
        }

        var token = datagram.Slice(4, tokenLength).ToArray();
        var position = 4 + tokenLength;
        var options = new List<CoapOption>();
        var number = 0;
        byte[] payload = [];
        while (position < datagram.Length)
        {
            var header = datagram[position++];
            if (header == PayloadMarker)
            {
                if (position == datagram.Length)
                {
                    throw Error(CoapDecodeError.EmptyPayloadAfterMarker, "a payload marker must be followed by a payload");
                }

                payload = datagram[position..].ToArray();
                break;
            }

            var delta = ReadExtended(datagram, ref position, header >> 4, "delta");
            var length = ReadExtended(datagram, ref position, header & 0x0F, "length");
            number += delta;
            if (number > ushort.MaxValue)
            {
                throw Error(CoapDecodeError.OptionNumberOverflow, $"option number {number} exceeds 65535");
            }

            if (datagram.Length - position < length)
            {
                throw Error(CoapDecodeError.Truncated, $"option {number} says {length} byte(s) but {datagram.Length - position} remain");
            }

            options.Add(new CoapOption((ushort)number, datagram.Slice(position, length).ToArray()));
            position += length;
        }

        if (code.IsEmpty && (tokenLength != 0 || options.Count != 0 || payload.Length != 0))
        {
            throw Error(CoapDecodeError.NonEmptyEmptyMessage, "an Empty message (0.00) must be header only");
        }

        return new CoapMessage { Type = type, Code = code, MessageId = messageId, Token = token, Options = options, Payload = payload };
    }

    /// <summary>Decodes without throwing; <paramref name="error"/> names the problem when it returns false.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> datagram, out CoapMessage? message, out CoapFormatException? error)
    {
        try
        {
            message = Decode(datagram);
            error = null;
            return true;
        }
        catch (CoapFormatException ex)
        {
            message = null;
            error = ex;
            return false;
        }
    }

    public static byte[] Encode(CoapMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Token.Length > 8)
        {
            throw new ArgumentException("a token is 0 to 8 bytes", nameof(message));
        }

        var options = message.Options.OrderBy(o => o.Number).ToList(); // stable: repeated options keep their order
        var size = 4 + message.Token.Length + (message.Payload.Length > 0 ? 1 + message.Payload.Length : 0);
        foreach (var option in options)
        {
            size += 5 + option.Value.Length;
        }

        var buffer = new byte[size];
        buffer[0] = (byte)((1 << 6) | ((int)message.Type << 4) | message.Token.Length);
        buffer[1] = message.Code.Value;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), message.MessageId);
        message.Token.Span.CopyTo(buffer.AsSpan(4));
        var position = 4 + message.Token.Length;
        var previous = 0;
        foreach (var option in options)
        {
            var delta = option.Number - previous;
            previous = option.Number;
            var headerAt = position++;
            var deltaNibble = WriteExtended(buffer, ref position, delta);
            var lengthNibble = WriteExtended(buffer, ref position, option.Value.Length);
            buffer[headerAt] = (byte)((deltaNibble << 4) | lengthNibble);
            option.Value.Span.CopyTo(buffer.AsSpan(position));
            position += option.Value.Length;
        }

        if (message.Payload.Length > 0)
        {
            buffer[position++] = PayloadMarker;
            message.Payload.Span.CopyTo(buffer.AsSpan(position));
            position += message.Payload.Length;
        }

        return buffer[..position];
    }

    // §3.1: 13 => one extra byte (value - 13), 14 => two extra bytes (value - 269), 15 => reserved.
    private static int ReadExtended(ReadOnlySpan<byte> datagram, ref int position, int nibble, string what)
    {
        switch (nibble)
        {
            case < 13:
                return nibble;
            case 13:
                if (position + 1 > datagram.Length)
                {
                    throw Error(CoapDecodeError.Truncated, $"the datagram ends inside an extended option {what}");
                }

                return datagram[position++] + 13;
            case 14:
                if (position + 2 > datagram.Length)
                {
                    throw Error(CoapDecodeError.Truncated, $"the datagram ends inside an extended option {what}");
                }

                var value = BinaryPrimitives.ReadUInt16BigEndian(datagram[position..]) + 269;
                position += 2;
                return value;
            default:
                throw Error(CoapDecodeError.ReservedOptionNibble, $"option {what} nibble 15 is reserved outside the payload marker");
        }
    }

    private static int WriteExtended(byte[] buffer, ref int position, int value)
    {
        if (value < 13)
        {
            return value;
        }

        if (value < 269)
        {
            buffer[position++] = (byte)(value - 13);
            return 13;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(position), (ushort)(value - 269));
        position += 2;
        return 14;
    }

    private static CoapFormatException Error(CoapDecodeError error, string detail) => new(error, $"CoAP message format error: {detail}.");
}
