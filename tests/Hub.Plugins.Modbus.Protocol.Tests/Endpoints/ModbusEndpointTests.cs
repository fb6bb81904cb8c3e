using System.IO.Ports;

namespace Hub.Plugins.Modbus.Protocol.Tests;

public sealed class ModbusEndpointTests
{
    [Fact]
    public void Tcp_HostAndPort()
    {
        var endpoint = Assert.IsType<ModbusTcpEndpoint>(ModbusEndpoint.Parse("tcp://192.168.1.50:1502"));
        Assert.Equal("192.168.1.50", endpoint.Host);
        Assert.Equal(1502, endpoint.Port);
        Assert.Equal("tcp://192.168.1.50:1502", endpoint.ToString());
    }

    [Fact]
    public void Tcp_WithoutPort_Uses502_AndNamesAreKept()
    {
        var endpoint = Assert.IsType<ModbusTcpEndpoint>(ModbusEndpoint.Parse("TCP://meter.local/"));
        Assert.Equal("meter.local", endpoint.Host);
        Assert.Equal(502, endpoint.Port);
    }

    [Fact]
    public void Tcp_Ipv6Literal()
    {
        var endpoint = Assert.IsType<ModbusTcpEndpoint>(ModbusEndpoint.Parse("tcp://[::1]:5020"));
        Assert.Equal("::1", endpoint.Host);
        Assert.Equal("tcp://[::1]:5020", endpoint.ToString());
    }

    [Fact]
    public void Rtu_AllSettings()
    {
        var endpoint = Assert.IsType<ModbusRtuEndpoint>(
            ModbusEndpoint.Parse("rtu:///dev/ttyUSB0?baud=19200&parity=N&stop=2&data=8"));
        Assert.Equal("/dev/ttyUSB0", endpoint.PortName);
        Assert.Equal(19200, endpoint.BaudRate);
        Assert.Equal(Parity.None, endpoint.Parity);
        Assert.Equal(StopBits.Two, endpoint.StopBits);
        Assert.Equal(8, endpoint.DataBits);
        Assert.Equal("rtu:///dev/ttyUSB0?baud=19200&parity=N&stop=2&data=8", endpoint.ToString());
    }

    [Fact]
    public void Rtu_Defaults_FollowTheSerialLineSpec()
    {
        var endpoint = Assert.IsType<ModbusRtuEndpoint>(ModbusEndpoint.Parse("rtu:///dev/ttyAMA0"));
        Assert.Equal(9600, endpoint.BaudRate);
        Assert.Equal(Parity.Even, endpoint.Parity);
        Assert.Equal(StopBits.One, endpoint.StopBits);
    }

    [Fact]
    public void Rtu_ParityWords()
    {
        Assert.Equal(Parity.Odd, ((ModbusRtuEndpoint)ModbusEndpoint.Parse("rtu:///dev/ttyS0?parity=odd")).Parity);
        Assert.Equal(Parity.Even, ((ModbusRtuEndpoint)ModbusEndpoint.Parse("rtu:///dev/ttyS0?parity=e")).Parity);
    }

    [Fact]
    public void RoundTrip_ThroughToString()
    {
        foreach (var text in new[] { "tcp://10.0.0.2:502", "rtu:///dev/ttyUSB1?baud=38400&parity=O&stop=1&data=8" })
        {
            Assert.Equal(text, ModbusEndpoint.Parse(text).ToString());
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("udp://host:502", "unknown scheme")]
    [InlineData("192.168.1.50:502", "unknown scheme")]
    [InlineData("tcp://host:99999", "1..65535")]
    [InlineData("tcp://host:0", "port 0")]
    [InlineData("tcp://host:502/unit/1", "path")]
    [InlineData("tcp://host:502?unit=1", "query")]
    [InlineData("tcp://", "not a valid")]
    [InlineData("rtu://", "names no serial device")]
    [InlineData("rtu://?baud=9600", "names no serial device")]
    [InlineData("rtu://dev/ttyUSB0", "three slashes")]
    [InlineData("rtu:///dev/ttyUSB0?baud=fast", "baud 'fast'")]
    [InlineData("rtu:///dev/ttyUSB0?baud=10", "baud '10'")]
    [InlineData("rtu:///dev/ttyUSB0?parity=X", "parity 'X'")]
    [InlineData("rtu:///dev/ttyUSB0?stop=3", "stop bits '3'")]
    [InlineData("rtu:///dev/ttyUSB0?data=7", "8 data bits")]
    [InlineData("rtu:///dev/ttyUSB0?speed=9600", "'speed' is not a setting")]
    [InlineData("rtu:///dev/ttyUSB0?baud=9600&baud=19200", "'baud' twice")]
    public void Invalid_FailsWithAMessageNamingTheProblem(string text, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => ModbusEndpoint.Parse(text));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.False(ModbusEndpoint.TryParse(text, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void ClientFactory_MakesTheClientOfTheEndpointKind()
    {
        var tcp = ModbusClientFactory.Create(ModbusEndpoint.Parse("tcp://127.0.0.1:1502"));
        var rtu = ModbusClientFactory.Create(ModbusEndpoint.Parse("rtu:///dev/ttyUSB9?baud=9600"));
        Assert.IsType<ModbusTcpClient>(tcp);
        Assert.Equal("/dev/ttyUSB9", Assert.IsType<ModbusRtuClient>(rtu).Endpoint.PortName);
    }
}
