using System.Numerics;
using System.Text;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Abi;

namespace Hub.Ledger.Evm.Tests.Abi;

/// <summary>The examples of the Solidity ABI specification ("Examples", "Use of Dynamic Types").</summary>
public sealed class AbiSpecExampleTests
{
    [Fact]
    public void Baz_uint32_bool()
    {
        var baz = AbiFunction.Parse("baz(uint32,bool)", "bool");
        Assert.Equal("0xcdcd77c0", Hex.Encode(baz.Selector.ToArray()));
        Assert.Equal(
            "0xcdcd77c0" + W("45") + W("1"),
            Hex.Encode(baz.EncodeCall(69u, true)));
        Assert.Equal([(object?)true], baz.DecodeOutput(Hex.Decode(W("1"))));
    }

    [Fact]
    public void Bar_bytes3_fixed_array()
    {
        var bar = AbiFunction.Parse("bar(bytes3[2])");
        Assert.Equal("0xfce353f6", Hex.Encode(bar.Selector.ToArray()));
        Assert.Equal(
            "0xfce353f6" + R("616263") + R("646566"),
            Hex.Encode(bar.EncodeCall((object)new object[] { Encoding.ASCII.GetBytes("abc"), Encoding.ASCII.GetBytes("def") })));
    }

    [Fact]
    public void Sam_bytes_bool_uint_array()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint[])");
        Assert.Equal("sam(bytes,bool,uint256[])", sam.Signature);
        Assert.Equal("0xa5643bf2", Hex.Encode(sam.Selector.ToArray()));
        var expected = "0xa5643bf2" + W("60") + W("1") + W("a0") + W("4") + R("64617665") + W("3") + W("1") + W("2") + W("3");
        var encoded = sam.EncodeCall(Encoding.ASCII.GetBytes("dave"), true, new BigInteger[] { 1, 2, 3 });
        Assert.Equal(expected, Hex.Encode(encoded));

        var decoded = sam.DecodeCall(encoded);
        Assert.Equal("dave", Encoding.ASCII.GetString((byte[])decoded[0]!));
        Assert.Equal(true, decoded[1]);
        Assert.Equal(new object?[] { BigInteger.One, new BigInteger(2), new BigInteger(3) }, (object?[])decoded[2]!);
    }

    [Fact]
    public void F_uint_uint32_array_bytes10_bytes()
    {
        var f = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)");
        Assert.Equal("0x8be65246", Hex.Encode(f.Selector.ToArray()));
        var expected = "0x8be65246" + W("123") + W("80") + R(Convert.ToHexStringLower(Encoding.ASCII.GetBytes("1234567890"))) + W("e0")
            + W("2") + W("456") + W("789") + W("d") + R(Convert.ToHexStringLower(Encoding.ASCII.GetBytes("Hello, world!")));
        var encoded = f.EncodeCall(0x123, new uint[] { 0x456, 0x789 }, Encoding.ASCII.GetBytes("1234567890"), Encoding.ASCII.GetBytes("Hello, world!"));
        Assert.Equal(expected, Hex.Encode(encoded));
    }

    [Fact]
    public void G_nested_dynamic_arrays_and_strings()
    {
        var g = AbiFunction.Parse("g(uint256[][],string[])");
        Assert.Equal("0x2289b18c", Hex.Encode(g.Selector.ToArray()));
        var expected = "0x2289b18c" + W("40") + W("140") + W("2") + W("40") + W("a0") + W("2") + W("1") + W("2") + W("1") + W("3")
            + W("3") + W("60") + W("a0") + W("e0") + W("3") + R("6f6e65") + W("3") + R("74776f") + W("5") + R("7468726565");
        var encoded = g.EncodeCall(
            new object[] { new BigInteger[] { 1, 2 }, new BigInteger[] { 3 } },
            new[] { "one", "two", "three" });
        Assert.Equal(expected, Hex.Encode(encoded));

        var decoded = g.DecodeCall(encoded);
        var strings = (object?[])decoded[1]!;
        Assert.Equal(new object?[] { "one", "two", "three" }, strings);
        var nested = (object?[])decoded[0]!;
        Assert.Equal(new object?[] { new BigInteger(3) }, (object?[])nested[1]!);
    }

    /// <summary>A left-padded word from hex digits.</summary>
    internal static string W(string hex) => hex.PadLeft(64, '0');

    /// <summary>A right-padded word from hex digits.</summary>
    internal static string R(string hex) => hex.PadRight(64, '0');
}
