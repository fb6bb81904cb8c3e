using System.Net;
using MeterFirmware.Cli;

namespace MeterFirmware.Tests.Cli;

public sealed class ModbusOptionTests
{
    [Fact]
    public void Modbus_alone_needs_no_broker()
    {
        var options = CommandLine.Parse(["--meter-id", "sim", "--profile", "household", "--state-dir", "/tmp/x", "--modbus", "tcp://127.0.0.1:1502", "--unit-id", "7"]);
        Assert.Null(options.Broker);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 1502), options.Modbus);
        Assert.Equal(7, options.ModbusUnitId);
    }

    [Fact]
    public void Modbus_beside_mqtt_keeps_the_broker_and_defaults_to_unit_1()
    {
        var options = CommandLine.Parse(["--meter-id", "sim", "--profile", "solar", "--state-dir", "s", "--mqtt", "mqtt://sim:pw@127.0.0.1:1883", "--modbus", "tcp://0.0.0.0:502"]);
        Assert.NotNull(options.Broker);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 502), options.Modbus);
        Assert.Equal(1, options.ModbusUnitId);
    }

    [Theory]
    [InlineData("--modbus", "rtu:///dev/ttyUSB0", "--modbus 'rtu:///dev/ttyUSB0': the firmware serves Modbus TCP only")]
    [InlineData("--modbus", "tcp://meter.local:502", "--modbus 'tcp://meter.local:502': listen on an IP address")]
    [InlineData("--unit-id", "0", "--unit-id '0' is not a Modbus unit id from 1 to 247.")]
    [InlineData("--unit-id", "248", "--unit-id '248' is not a Modbus unit id from 1 to 247.")]
    public void Bad_modbus_options_are_usage_errors(string option, string value, string expected)
    {
        string[] args = option == "--modbus"
            ? ["--meter-id", "sim", "--profile", "household", "--state-dir", "s", option, value]
            : ["--meter-id", "sim", "--profile", "household", "--state-dir", "s", "--modbus", "tcp://127.0.0.1:1502", option, value];
        var ex = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_mqtt_or_modbus_the_broker_is_required()
    {
        var ex = Assert.Throws<UsageException>(() => CommandLine.Parse(["--meter-id", "sim", "--profile", "household", "--state-dir", "s"]));
        Assert.Equal("--mqtt is required.", ex.Message);
    }
}
