using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>
/// CRC-16/MODBUS vectors: the catalogue check value for "123456789" (0x4B37), the Serial Line spec's
/// Appendix B frame 02 07 (0x1241), and common request frames whose CRCs pymodbus' computeCRC agrees with.
/// </summary>
public sealed class ModbusCrc16Tests
{
    [Theory]
    [InlineData("01 03 0000 000A", 0xCDC5)]
    [InlineData("11 03 006B 0003", 0x8776)]
    [InlineData("01 03 0000 0004", 0x0944)]
    [InlineData("02 07", 0x1241)]
    [InlineData("01 06 006B 0003", 0x17B8)]
    [InlineData("01 03 06 000A 0102 0000", 0x4819)]
    [InlineData("01 83 02", 0xF1C0)]
    public void Compute_MatchesKnownVectors(string frame, int expected)
    {
        Assert.Equal((ushort)expected, ModbusCrc16.Compute(Hex(frame)));
    }

    [Fact]
    public void Compute_CatalogueCheckValue()
    {
        Assert.Equal(0x4B37, ModbusCrc16.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_EmptyInput_IsTheInitialValue()
    {
        Assert.Equal(0xFFFF, ModbusCrc16.Compute([]));
    }

    [Fact]
    public void Compute_TableAgreesWithBitwiseAlgorithm_OnEveryByteAndSomeFrames()
    {
        var random = new Random(1234);
        for (var length = 1; length < 300; length += 7)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(BitwiseCrc(data), ModbusCrc16.Compute(data));
        }

        for (var b = 0; b < 256; b++)
        {
            Assert.Equal(BitwiseCrc([(byte)b]), ModbusCrc16.Compute([(byte)b]));
        }
    }
}
