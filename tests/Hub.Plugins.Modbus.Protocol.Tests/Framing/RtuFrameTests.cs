using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

public sealed class RtuFrameTests
{
    [Fact]
    public void Encode_AppendsCrcLowByteFirst()
    {
        Assert.Equal(Hex("01 03 0000 000A C5 CD"), RtuFrame.Encode(1, Hex("03 0000 000A")));
        Assert.Equal(Hex("11 03 006B 0003 76 87"), RtuFrame.Encode(0x11, Hex("03 006B 0003")));
    }

    [Fact]
    public void Unwrap_ValidFrame_GivesThePdu()
    {
        Assert.Equal(Hex("03 06 000A 0102 0000"), RtuFrame.Unwrap(Hex("01 03 06 000A 0102 0000 19 48")).ToArray());
    }

    [Fact]
    public void Unwrap_CorruptedByte_IsACrcError()
    {
        var ex = Assert.Throws<ModbusCrcException>(() => RtuFrame.Unwrap(Hex("01 03 06 000A 0103 0000 19 48")));
        Assert.Contains("CRC", ex.Message, StringComparison.Ordinal);
        Assert.Contains("baud rate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwrap_SwappedCrcBytes_IsACrcError()
    {
        Assert.Throws<ModbusCrcException>(() => RtuFrame.Unwrap(Hex("01 03 0000 000A CD C5")));
    }

    [Fact]
    public void Unwrap_TooShort_IsAFrameError()
    {
        var ex = Assert.Throws<ModbusFrameException>(() => RtuFrame.Unwrap(Hex("01 83 02")));
        Assert.IsNotType<ModbusCrcException>(ex);
    }

    [Theory]
    [InlineData("01", null)]
    [InlineData("01 03", null)]
    [InlineData("01 03 06", 11)]
    [InlineData("01 04 FA", 255)]
    [InlineData("01 83", 5)]
    [InlineData("01 90 04", 5)]
    [InlineData("01 06", 8)]
    [InlineData("01 10", 8)]
    public void ExpectedResponseLength_FollowsFunctionCodeAndByteCount(string received, int? expected)
    {
        Assert.Equal(expected, RtuFrame.ExpectedResponseLength(Hex(received)));
    }

    [Fact]
    public void ExpectedResponseLength_ByteCountBeyondTheRtuLimit_IsAnOverLongFrame()
    {
        var ex = Assert.Throws<ModbusFrameException>(() => RtuFrame.ExpectedResponseLength(Hex("01 03 FC")));
        Assert.Contains("at most 256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedResponseLength_UnrequestedFunction_IsAFrameError()
    {
        var ex = Assert.Throws<ModbusFrameException>(() => RtuFrame.ExpectedResponseLength(Hex("01 2B 0E")));
        Assert.Contains("0x2B", ex.Message, StringComparison.Ordinal);
    }
}
