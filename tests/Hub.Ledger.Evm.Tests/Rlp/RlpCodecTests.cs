using System.Numerics;
using System.Text;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rlp;

namespace Hub.Ledger.Evm.Tests.Rlp;

/// <summary>Vectors of ethereum/tests RLPTests/rlptest.json and invalidRLPTest.json, by their names there.</summary>
public sealed class RlpCodecTests
{
    private const string Lorem55 = "Lorem ipsum dolor sit amet, consectetur adipisicing eli";
    private const string Lorem56 = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";

    public static TheoryData<string, string> Strings => new()
    {
        { "", "0x80" },                         // emptystring
        { "dog", "0x83646f67" },                // shortstring
        { Lorem55, "0xb7" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Lorem55)) }, // shortstring2: 55 bytes, short form
        { Lorem56, "0xb838" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Lorem56)) }, // longstring: 56 bytes, long form
    };

    public static TheoryData<string, string> Integers => new()
    {
        { "0", "0x80" },                        // zero
        { "1", "0x01" },                        // smallint
        { "16", "0x10" },                       // smallint2
        { "79", "0x4f" },                       // smallint3
        { "127", "0x7f" },                      // smallint4
        { "128", "0x8180" },                    // mediumint1
        { "1000", "0x8203e8" },                 // mediumint2
        { "1024", "0x820400" },
        { "100000", "0x830186a0" },             // mediumint3
        { "83729609699884896815286331701780722", "0x8f102030405060708090a0b0c0d0e0f2" }, // mediumint4
        { "105315505618206987246253880190783558935785933862974822347068935681", "0x9c0100020003000400050006000700080009000a000b000c000d000e01" }, // mediumint5
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void String_vectors_encode_and_decode(string text, string expected)
    {
        Assert.Equal(expected, Hex.Encode(RlpCodec.Encode(RlpItem.Utf8(text))));
        Assert.Equal(text, Encoding.UTF8.GetString(RlpCodec.Decode(Hex.Decode(expected)).Bytes));
    }

    [Theory]
    [MemberData(nameof(Integers))]
    public void Integer_vectors_encode_and_decode(string value, string expected)
    {
        var number = BigInteger.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Hex.Encode(RlpCodec.Encode(RlpItem.FromInteger(number))));
        Assert.Equal(number, RlpCodec.Decode(Hex.Decode(expected)).ToInteger());
    }

    [Fact]
    public void Bigint_of_2_pow_256_encodes_as_33_bytes()
    {
        // bigint: 2^256.
        var encoded = RlpCodec.Encode(RlpItem.FromInteger(BigInteger.One << 256));
        Assert.Equal("0xa101" + new string('0', 64), Hex.Encode(encoded));
        Assert.Throws<RlpException>(() => RlpCodec.Decode(encoded).ToInteger());
    }

    [Fact]
    public void Single_bytes_below_0x80_are_their_own_encoding()
    {
        Assert.Equal("0x00", Hex.Encode(RlpCodec.Encode(RlpItem.FromBytes([0x00])))); // bytestring00
        Assert.Equal("0x01", Hex.Encode(RlpCodec.Encode(RlpItem.FromBytes([0x01])))); // bytestring01
        Assert.Equal("0x7f", Hex.Encode(RlpCodec.Encode(RlpItem.FromBytes([0x7f])))); // bytestring7F
        Assert.Equal("0x8180", Hex.Encode(RlpCodec.Encode(RlpItem.FromBytes([0x80]))));
    }

    public static TheoryData<RlpItem, string> Lists => new()
    {
        { RlpItem.EmptyList, "0xc0" },                                                                   // emptylist
        { RlpItem.List(RlpItem.Utf8("cat"), RlpItem.Utf8("dog")), "0xc88363617483646f67" },
        { RlpItem.List(RlpItem.Utf8("dog"), RlpItem.Utf8("god"), RlpItem.Utf8("cat")), "0xcc83646f6783676f6483636174" }, // stringlist
        { RlpItem.List(RlpItem.Utf8("zw"), RlpItem.List(RlpItem.FromInteger(4)), RlpItem.FromInteger(1)), "0xc6827a77c10401" }, // multilist
        { RlpItem.List(RlpItem.List(RlpItem.EmptyList, RlpItem.EmptyList), RlpItem.EmptyList), "0xc4c2c0c0c0" }, // listsoflists
        {
            RlpItem.List(RlpItem.EmptyList, RlpItem.List(RlpItem.EmptyList), RlpItem.List(RlpItem.EmptyList, RlpItem.List(RlpItem.EmptyList))),
            "0xc7c0c1c0c3c0c1c0"                                                                          // listsoflists2
        },
        {
            RlpItem.List(Pair("key1", "val1"), Pair("key2", "val2"), Pair("key3", "val3"), Pair("key4", "val4")),
            "0xecca846b6579318476616c31ca846b6579328476616c32ca846b6579338476616c33ca846b6579348476616c34" // dictTest1
        },
        {
            RlpItem.List([.. Enumerable.Range(0, 11).Select(i => RlpItem.Utf8(new[] { "asdf", "qwer", "zxcv" }[i % 3]))]),
            "0xf7" + string.Concat(Enumerable.Repeat("8461736466" + "8471776572" + "847a786376", 3)) + "8461736466" + "8471776572" // shortListMax1: 55 bytes
        },
        {
            RlpItem.List([.. Enumerable.Repeat(RlpItem.List(RlpItem.Utf8("asdf"), RlpItem.Utf8("qwer"), RlpItem.Utf8("zxcv")), 4)]),
            "0xf840" + string.Concat(Enumerable.Repeat("cf84617364668471776572847a786376", 4)) // longList1: 64 bytes
        },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void List_vectors_encode_and_decode_back(RlpItem item, string expected)
    {
        Assert.Equal(expected, Hex.Encode(RlpCodec.Encode(item)));
        var decoded = RlpCodec.Decode(Hex.Decode(expected));
        Assert.Equal(item.ToString(), decoded.ToString());
        Assert.Equal(expected, Hex.Encode(RlpCodec.Encode(decoded)));
    }

    [Theory]
    [InlineData("", "unexpected end")]                                  // emptyEncoding
    [InlineData("0x81", "remain")]                                       // lessThanShortLengthArray1
    [InlineData("0x8100", "single byte")]                                // bytesShouldBeSingleByte00
    [InlineData("0x817f", "single byte")]                                // bytesShouldBeSingleByte7F
    [InlineData("0xf80180", "short form")]                               // wrongSizeList: long form for 1 byte
    [InlineData("0xb81000112233445566778899aabbccddeeff", "short form")] // nonOptimalLongLengthArray1
    [InlineData("0xb90040" + "00", "leading zeros")]                     // leadingZerosInLongLengthArray1
    [InlineData("0xbf0f000000000000021111", "larger than any input")]    // int32Overflow
    [InlineData("0xba010000aaaa", "remain")]                             // lessThanLongLengthArray1
    [InlineData("0x83646f6700", "trailing")]
    [InlineData("0xc283646f", "remain")]                                 // a list shorter than its content
    public void Invalid_input_is_a_typed_error(string hex, string because)
    {
        var ex = Assert.Throws<RlpException>(() => RlpCodec.Decode(Hex.Decode(hex)));
        Assert.Contains(because, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_integer_with_leading_zeros_is_rejected()
    {
        var item = RlpCodec.Decode(Hex.Decode("0x820001"));
        Assert.Throws<RlpException>(() => item.ToInteger());
    }

    [Fact]
    public void Reading_a_list_as_bytes_is_a_typed_error()
    {
        Assert.Throws<RlpException>(() => RlpCodec.Decode(Hex.Decode("0xc0")).Bytes);
        Assert.Throws<RlpException>(() => RlpCodec.Decode(Hex.Decode("0x80")).Items);
    }

    [Fact]
    public void Hostile_nesting_is_bounded()
    {
        // 2000 nested one-item lists, each with a long-form header: no stack overflow, a clear error.
        var inner = RlpItem.EmptyList;
        for (var i = 0; i < 2000; i++)
        {
            inner = RlpItem.List(inner);
        }

        var ex = Assert.Throws<RlpException>(() => RlpCodec.Decode(RlpCodec.Encode(inner)));
        Assert.Contains("nesting", ex.Message, StringComparison.Ordinal);
    }

    private static RlpItem Pair(string key, string value) => RlpItem.List(RlpItem.Utf8(key), RlpItem.Utf8(value));
}
