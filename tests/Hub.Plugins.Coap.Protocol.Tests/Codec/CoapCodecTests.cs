using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Errors;

namespace Hub.Plugins.Coap.Protocol.Tests.Codec;

public sealed class CoapCodecTests
{
    // RFC 7252 Appendix A, Figure 16: CON [0x7d34] GET /temperature (no token) ...
    private static readonly byte[] Figure16Request = Convert.FromHexString("40017D34BB74656D7065726174757265");

    // ... answered by ACK [0x7d34] 2.05 Content "22.3 C".
    private static readonly byte[] Figure16Response = Convert.FromHexString("60457D34FF32322E332043");

    [Fact]
    public void Rfc7252_figure16_request_decodes_as_the_rfc_says()
    {
        var message = CoapCodec.Decode(Figure16Request);

        Assert.Equal(CoapType.Confirmable, message.Type);
        Assert.Equal(CoapCode.Get, message.Code);
        Assert.Equal(0x7d34, message.MessageId);
        Assert.Equal(0, message.Token.Length);
        Assert.Equal("/temperature", message.UriPath);
        Assert.Equal(Figure16Request, CoapCodec.Encode(message));
    }

    [Fact]
    public void Rfc7252_figure16_piggybacked_response_decodes_as_the_rfc_says()
    {
        var message = CoapCodec.Decode(Figure16Response);

        Assert.Equal(CoapType.Acknowledgement, message.Type);
        Assert.Equal("2.05", message.Code.ToString());
        Assert.Equal(0x7d34, message.MessageId);
        Assert.Equal("22.3 C", message.PayloadText);
        Assert.Equal(Figure16Response, CoapCodec.Encode(message));
    }

    [Fact]
    public void Rfc7252_figure17_token_is_carried()
    {
        // Figure 17: CON [0x7d35] GET /temperature, Token 0x20 => ACK 2.05 Token 0x20 "22.3 C".
        var request = CoapCodec.Decode(Convert.FromHexString("41017D3520BB74656D7065726174757265"));
        var response = CoapCodec.Decode(Convert.FromHexString("61457D3520FF32322E332043"));

        Assert.Equal([0x20], request.Token.ToArray());
        Assert.Equal([0x20], response.Token.ToArray());
        Assert.Equal("/temperature", request.UriPath);
    }

    [Theory]
    [InlineData(12, 0)] // plain nibble
    [InlineData(13, 1)] // 13: one extended byte
    [InlineData(268, 1)]
    [InlineData(269, 2)] // 14: two extended bytes
    [InlineData(65535, 2)]
    public void Extended_option_deltas_round_trip(int number, int extendedBytes)
    {
        var message = new CoapMessage
        {
            Type = CoapType.NonConfirmable,
            Code = CoapCode.Post,
            MessageId = 7,
            Options = [new CoapOption((ushort)number, new byte[300])],
            Payload = "x"u8.ToArray(),
        };

        var bytes = CoapCodec.Encode(message);
        var decoded = CoapCodec.Decode(bytes);

        Assert.Equal(4 + 1 + extendedBytes + 2 + 300 + 2, bytes.Length); // length 300 needs two extended bytes
        Assert.Equal(number, decoded.Options.Single().Number);
        Assert.Equal(300, decoded.Options.Single().Value.Length);
        Assert.Equal("x", decoded.PayloadText);
    }

    [Fact]
    public void Repeated_options_keep_their_order_and_deltas_accumulate()
    {
        var message = CoapMessage.Request(CoapType.Confirmable, CoapCode.Post, 1, new byte[] { 1, 2 }, "/a/b/c",
            CoapOption.FromUInt(CoapOptionNumber.ContentFormat, 110), CoapOption.FromUInt(CoapOptionNumber.Block1, 0x0E));

        var decoded = CoapCodec.Decode(CoapCodec.Encode(message));

        Assert.Equal("/a/b/c", decoded.UriPath);
        Assert.Equal(110u, decoded.ContentFormat);
        Assert.Equal(0x0Eu, decoded.First(CoapOptionNumber.Block1)!.Value.AsUInt());
        Assert.Equal([11, 11, 11, 12, 27], decoded.Options.Select(o => (int)o.Number));
    }

    [Theory]
    [InlineData("", CoapDecodeError.TooShort)]
    [InlineData("4001", CoapDecodeError.TooShort)]
    [InlineData("80017D34", CoapDecodeError.UnknownVersion)]
    [InlineData("49017D34", CoapDecodeError.ReservedTokenLength)] // TKL 9
    [InlineData("44017D34AABB", CoapDecodeError.Truncated)] // token of 4, only 2 bytes
    [InlineData("40017D34BB7465", CoapDecodeError.Truncated)] // Uri-Path of 11, only 2 bytes
    [InlineData("40017D34D0", CoapDecodeError.Truncated)] // delta 13 without its extended byte
    [InlineData("40017D34E001", CoapDecodeError.Truncated)] // delta 14 with one of two bytes
    [InlineData("40017D34F0", CoapDecodeError.ReservedOptionNibble)] // delta 15 not as payload marker
    [InlineData("40017D340F", CoapDecodeError.ReservedOptionNibble)] // length 15
    [InlineData("40017D34FF", CoapDecodeError.EmptyPayloadAfterMarker)]
    [InlineData("40007D34FF01", CoapDecodeError.NonEmptyEmptyMessage)]
    [InlineData("40207D34", CoapDecodeError.ReservedCodeClass)] // 1.00
    [InlineData("40017D34E0FFFF00", CoapDecodeError.OptionNumberOverflow)]
    public void Malformed_datagrams_are_typed_errors(string hex, CoapDecodeError expected)
    {
        var error = Assert.Throws<CoapFormatException>(() => CoapCodec.Decode(Convert.FromHexString(hex)));

        Assert.Equal(expected, error.Error);
    }

    [Fact]
    public void Uint_options_use_the_shortest_form()
    {
        Assert.Equal(0, CoapOption.FromUInt(12, 0).Value.Length);
        Assert.Equal([110], CoapOption.FromUInt(12, 110).Value.ToArray());
        Assert.Equal([0x01, 0x00], CoapOption.FromUInt(12, 256).Value.ToArray());
        Assert.Equal(70000u, CoapOption.FromUInt(60, 70000).AsUInt());
    }
}
