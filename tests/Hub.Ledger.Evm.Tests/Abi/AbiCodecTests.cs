using System.Numerics;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;
using static Hub.Ledger.Evm.Tests.Abi.AbiSpecExampleTests;

namespace Hub.Ledger.Evm.Tests.Abi;

public sealed class AbiCodecTests
{
    [Theory]
    [InlineData("int8", "-1", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("int8", "-128", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80")]
    [InlineData("int8", "127", "000000000000000000000000000000000000000000000000000000000000007f")]
    [InlineData("int256", "-57896044618658097711785492504343953926634992332820282019728792003956564819968", "8000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("uint8", "255", "00000000000000000000000000000000000000000000000000000000000000ff")]
    [InlineData("uint64", "18446744073709551615", "000000000000000000000000000000000000000000000000ffffffffffffffff")]
    [InlineData("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639935", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("int24", "-2", "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe")]
    public void Integers_of_every_width_round_trip(string type, string value, string word)
    {
        var number = BigInteger.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("0x" + word, Hex.Encode(AbiCodec.Encode(type, number)));
        Assert.Equal(number, AbiCodec.Decode(type, Hex.Decode(word))[0]);
    }

    [Fact]
    public void Every_integer_width_is_accepted_and_range_checked()
    {
        for (var bits = 8; bits <= 256; bits += 8)
        {
            var max = (BigInteger.One << bits) - 1;
            Assert.Equal(max, AbiCodec.Decode($"uint{bits}", AbiCodec.Encode($"uint{bits}", max))[0]);
            Assert.Throws<AbiException>(() => AbiCodec.Encode($"uint{bits}", max + 1));
            var min = -(BigInteger.One << (bits - 1));
            Assert.Equal(min, AbiCodec.Decode($"int{bits}", AbiCodec.Encode($"int{bits}", min))[0]);
            Assert.Throws<AbiException>(() => AbiCodec.Encode($"int{bits}", min - 1));
        }
    }

    [Theory]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("bytes33")]
    [InlineData("bytes0")]
    [InlineData("fixed128x18")]
    [InlineData("uint256[0]")]
    [InlineData("(uint256")]
    public void Unsupported_types_are_rejected(string type) => Assert.Throws<AbiException>(() => AbiType.Parse(type));

    [Fact]
    public void Address_bool_bytes32_string_round_trip()
    {
        var address = "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F";
        var word = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var encoded = AbiCodec.Encode("address,bool,bytes32,string,bytes", address, false, word, "héllo ⚡", new byte[] { 1, 2, 3 });
        var decoded = AbiCodec.Decode("address,bool,bytes32,string,bytes", encoded);
        Assert.Equal(address, decoded[0]);
        Assert.Equal(false, decoded[1]);
        Assert.Equal(word, decoded[2]);
        Assert.Equal("héllo ⚡", decoded[3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded[4]);
    }

    [Fact]
    public void Bill_input_tuples_encode_as_the_contract_expects()
    {
        // submitBills(bytes32,(bytes32,uint64,uint256,bytes32)[]): a static tuple array: count, then tuples in place.
        var submitBills = AbiFunction.Parse("submitBills(bytes32,(bytes32,uint64,uint256,bytes32)[])");
        var hub = new byte[32];
        var bill = new object?[] { Filled(0xb1), 7UL, new BigInteger(1234), Filled(0xcc) };
        var encoded = submitBills.EncodeCall(hub, new[] { bill, bill });
        Assert.Equal(4 + (32 * 2) + 32 + (2 * 4 * 32), encoded.Length);
        Assert.Equal(W("40"), Convert.ToHexStringLower(encoded, 4 + 32, 32));
        Assert.Equal(W("2"), Convert.ToHexStringLower(encoded, 4 + 64, 32));

        var decoded = submitBills.DecodeCall(encoded);
        var bills = (object?[])decoded[1]!;
        var second = (object?[])bills[1]!;
        Assert.Equal(Filled(0xb1), second[0]);
        Assert.Equal(new BigInteger(7), second[1]);
        Assert.Equal(new BigInteger(1234), second[2]);
    }

    [Fact]
    public void A_tuple_with_a_dynamic_member_is_dynamic()
    {
        var type = AbiType.Parse("(uint256,string)");
        Assert.True(type.IsDynamic);
        var encoded = AbiCodec.Encode([type], [new object?[] { 5, "x" }]);
        Assert.Equal(W("20"), Convert.ToHexStringLower(encoded, 0, 32));
        var decoded = (object?[])AbiCodec.Decode([type], encoded)[0]!;
        Assert.Equal("x", decoded[1]);
    }

    [Theory]
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002", "bool")]
    [InlineData("address", "0000000000000000000000010000000000000000000000000000000000000000", "upper 12")]
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100", "dirty")]
    [InlineData("int8", "0000000000000000000000000000000000000000000000000000000000000080", "dirty")]
    [InlineData("bytes2", "0000010000000000000000000000000000000000000000000000000000000000", "padding")]
    [InlineData("uint256", "00", "ends before")]
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000001000", "points past")]
    [InlineData("string", "0000000000000000000000000000000000000000000000000000000000000020" + "0000000000000000000000000000000000000000000000000000000000000040", "declared")]
    [InlineData("uint256[]", "0000000000000000000000000000000000000000000000000000000000000020" + "000000000000000000000000000000000000000000000000000000000000ffff", "exceeds")]
    public void Garbage_return_data_is_a_typed_error(string type, string hex, string because)
    {
        var ex = Assert.Throws<AbiException>(() => AbiCodec.Decode(type, Hex.Decode(hex)));
        Assert.Contains(because, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_value_types_are_typed_errors()
    {
        Assert.Throws<AbiException>(() => AbiCodec.Encode("bool", 1));
        Assert.Throws<AbiException>(() => AbiCodec.Encode("bytes32", new byte[31]));
        Assert.Throws<AbiException>(() => AbiCodec.Encode("address", "0x1234"));
        Assert.Throws<AbiException>(() => AbiCodec.Encode("uint256,uint256", 1));
    }

    internal static byte[] Filled(byte value) => Enumerable.Repeat(value, 32).ToArray();
}
