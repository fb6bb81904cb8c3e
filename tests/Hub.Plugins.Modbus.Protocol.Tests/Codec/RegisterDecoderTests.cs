namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>Word-order vectors; the 32/64-bit patterns are IEEE 754 / two's complement big-endian bytes.</summary>
public sealed class RegisterDecoderTests
{
    // float32 230.5 = 0x43668000.
    [Theory]
    [InlineData(WordOrder.Abcd, 0x4366, 0x8000)]
    [InlineData(WordOrder.Cdab, 0x8000, 0x4366)]
    [InlineData(WordOrder.Badc, 0x6643, 0x0080)]
    [InlineData(WordOrder.Dcba, 0x0080, 0x6643)]
    public void Float32_230_5_InEveryWordOrder(WordOrder order, ushort first, ushort second)
    {
        Assert.Equal(230.5f, RegisterDecoder.ToSingle([first, second], order));
        Assert.Equal(new[] { first, second }, RegisterEncoder.FromSingle(230.5f, order));
    }

    // int32 -123456789 = 0xF8A432EB.
    [Theory]
    [InlineData(WordOrder.Abcd, 0xF8A4, 0x32EB)]
    [InlineData(WordOrder.Cdab, 0x32EB, 0xF8A4)]
    [InlineData(WordOrder.Badc, 0xA4F8, 0xEB32)]
    [InlineData(WordOrder.Dcba, 0xEB32, 0xA4F8)]
    public void Int32_Negative_InEveryWordOrder(WordOrder order, ushort first, ushort second)
    {
        Assert.Equal(-123456789, RegisterDecoder.ToInt32([first, second], order));
        Assert.Equal(0xF8A432EBu, RegisterDecoder.ToUInt32([first, second], order));
        Assert.Equal(new[] { first, second }, RegisterEncoder.FromInt32(-123456789, order));
    }

    // float64 1234.5678 = 0x40934A456D5CFAAD.
    [Theory]
    [InlineData(WordOrder.Abcd, 0x4093, 0x4A45, 0x6D5C, 0xFAAD)]
    [InlineData(WordOrder.Cdab, 0xFAAD, 0x6D5C, 0x4A45, 0x4093)]
    [InlineData(WordOrder.Badc, 0x9340, 0x454A, 0x5C6D, 0xADFA)]
    [InlineData(WordOrder.Dcba, 0xADFA, 0x5C6D, 0x454A, 0x9340)]
    public void Float64_InEveryWordOrder(WordOrder order, ushort r0, ushort r1, ushort r2, ushort r3)
    {
        Assert.Equal(1234.5678, RegisterDecoder.ToDouble([r0, r1, r2, r3], order));
        Assert.Equal(new[] { r0, r1, r2, r3 }, RegisterEncoder.FromDouble(1234.5678, order));
    }

    [Fact]
    public void Int64_And_UInt64_BigEndian()
    {
        Assert.Equal(-2L, RegisterDecoder.ToInt64([0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE]));
        Assert.Equal(0x0123456789ABCDEFUL, RegisterDecoder.ToUInt64([0x0123, 0x4567, 0x89AB, 0xCDEF]));
        Assert.Equal(0x0123456789ABCDEFUL, RegisterDecoder.ToUInt64([0xCDEF, 0x89AB, 0x4567, 0x0123], WordOrder.Cdab));
        Assert.Equal(new ushort[] { 0xFFFE, 0xFFFF, 0xFFFF, 0xFFFF }, RegisterEncoder.FromInt64(-2, WordOrder.Cdab));
        Assert.Equal(new ushort[] { 0x0123, 0x4567, 0x89AB, 0xCDEF }, RegisterEncoder.FromUInt64(0x0123456789ABCDEFUL));
    }

    [Fact]
    public void SixteenBit_ByteSwappedOrdersSwapBytes_WordOrdersDoNot()
    {
        Assert.Equal((short)-2, RegisterDecoder.ToInt16([0xFFFE]));
        Assert.Equal((ushort)0x1234, RegisterDecoder.ToUInt16([0x1234], WordOrder.Cdab));
        Assert.Equal((ushort)0x1234, RegisterDecoder.ToUInt16([0x3412], WordOrder.Badc));
        Assert.Equal((ushort)0x1234, RegisterDecoder.ToUInt16([0x3412], WordOrder.Dcba));
        Assert.Equal(new ushort[] { 0xFEFF }, RegisterEncoder.FromInt16(-2, WordOrder.Dcba));
        Assert.Equal(new ushort[] { 0x1234 }, RegisterEncoder.FromUInt16(0x1234));
    }

    [Fact]
    public void WrongNumberOfRegisters_IsRejected_NamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => RegisterDecoder.ToSingle([0x4366]));
        Assert.Contains("needs exactly 2 register(s); 1 given", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RegisterDecoder.ToDouble([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => RegisterDecoder.ToUInt16([1, 2]));
    }

    [Theory]
    [InlineData("ABCD", WordOrder.Abcd)]
    [InlineData("cdab", WordOrder.Cdab)]
    [InlineData("BADC", WordOrder.Badc)]
    [InlineData("DCBA", WordOrder.Dcba)]
    public void ManualNotation_ParsesToWordOrder(string text, WordOrder expected)
    {
        Assert.Equal(expected, Enum.Parse<WordOrder>(text, ignoreCase: true));
    }
}
