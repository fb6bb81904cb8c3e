namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>Serial Line V1.02 §2.5.1.1: 3.5 character times; 1.75 ms fixed above 19200 baud.</summary>
public sealed class RtuTimingTests
{
    [Theory]
    [InlineData(9600, 11, 4010)]
    [InlineData(19200, 11, 2005)]
    [InlineData(9600, 10, 3645)]
    [InlineData(38400, 11, 1750)]
    [InlineData(115200, 11, 1750)]
    public void InterFrameDelay(int baud, int bits, int expectedMicroseconds)
    {
        Assert.Equal(expectedMicroseconds, (int)RtuTiming.InterFrameDelay(baud, bits).TotalMicroseconds);
    }

    [Fact]
    public void BitsPerCharacter_8E1_Is11_8N1_Is10_8N2_Is11()
    {
        Assert.Equal(11, RtuTiming.BitsPerCharacter(8, hasParity: true, stopBits: 1));
        Assert.Equal(10, RtuTiming.BitsPerCharacter(8, hasParity: false, stopBits: 1));
        Assert.Equal(11, RtuTiming.BitsPerCharacter(8, hasParity: false, stopBits: 2));
    }

    [Fact]
    public void Endpoint_InterFrameDelay_UsesItsLineSettings()
    {
        Assert.Equal(4010, (int)new ModbusRtuEndpoint("/dev/ttyUSB0", 9600).InterFrameDelay.TotalMicroseconds);
        Assert.Equal(1750, (int)new ModbusRtuEndpoint("/dev/ttyUSB0", 57600).InterFrameDelay.TotalMicroseconds);
    }
}
