using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Modbus.Tests.Configuration;

public sealed class ConfigValidationTests
{
    private static List<string> Errors(params (string Key, string Value)[] meterSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Meters:0:Id"] = "house",
            ["Meters:0:Plugin"] = "mqtt",
            ["Meters:1:Id"] = "grid",
            ["Meters:1:Plugin"] = "modbus",
        };
        foreach (var (key, value) in meterSettings)
        {
            settings[key] = value;
        }

        var catalog = new MeterCatalog(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var errors = new List<string>();
        ModbusSetupBuilder.Build(new ModbusOptions(), catalog, errors);
        return errors;
    }

    private static readonly (string, string)[] Valid =
    [
        ("Meters:1:Endpoint", "tcp://127.0.0.1:1502"),
        ("Meters:1:UnitId", "1"),
        ("Meters:1:Profile", "eastron-sdm630"),
    ];

    [Fact]
    public void A_valid_meter_passes_with_a_5_second_default_poll()
    {
        Assert.Empty(Errors(Valid));
        var catalog = new MeterCatalog(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Meters:0:Id"] = "grid", ["Meters:0:Plugin"] = "modbus", ["Meters:0:Endpoint"] = "rtu:///dev/ttyUSB0?baud=9600&parity=N&stop=1",
            ["Meters:0:UnitId"] = "2", ["Meters:0:Profile"] = "eastron-sdm120",
        }).Build());
        var setup = ModbusSetupBuilder.Build(new ModbusOptions(), catalog, new List<string>());
        var meter = Assert.Single(setup.Meters);
        Assert.Equal(TimeSpan.FromSeconds(5), meter.PollInterval);
        Assert.Equal("rtu:///dev/ttyUSB0", meter.BusKey);
    }

    [Theory]
    [InlineData("Meters:1:Endpoint", "udp://1.2.3.4:502", "Meters:1:Endpoint: The Modbus endpoint 'udp://1.2.3.4:502' has an unknown scheme")]
    [InlineData("Meters:1:Endpoint", "rtu:///dev/ttyUSB0?parity=X", "Meters:1:Endpoint: The Modbus endpoint 'rtu:///dev/ttyUSB0?parity=X': parity 'X' is not N, E or O")]
    [InlineData("Meters:1:UnitId", "0", "Meters:1:UnitId: '0' is not a Modbus unit id; use 1 to 247.")]
    [InlineData("Meters:1:UnitId", "248", "Meters:1:UnitId: '248' is not a Modbus unit id; use 1 to 247.")]
    [InlineData("Meters:1:Profile", "eastron-sdm999", "Meters:1:Profile: no profile 'eastron-sdm999'; this hub has: eastron-sdm120, eastron-sdm630, pzem-004t, sunspec")]
    [InlineData("Meters:1:PollSeconds", "0", "Meters:1:PollSeconds: '0' is not a poll interval")]
    [InlineData("Meters:1:PollSeconds", "often", "Meters:1:PollSeconds: 'often' is not a poll interval")]
    public void Each_bad_setting_is_named_by_its_key(string key, string value, string expected)
    {
        var settings = Valid.Where(s => s.Item1 != key).Append((key, value)).ToArray();
        var error = Assert.Single(Errors(settings));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_settings_are_each_named()
    {
        var errors = Errors();
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("Meters:1:Endpoint: missing", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Meters:1:UnitId: missing", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("Meters:1:Profile: missing", errors[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Two_meters_on_one_serial_bus_must_agree_on_its_settings_and_not_share_a_unit_id()
    {
        var errors = Errors(
            ("Meters:0:Plugin", "modbus"), ("Meters:0:Endpoint", "rtu:///dev/ttyUSB0?baud=9600&parity=N"), ("Meters:0:UnitId", "1"), ("Meters:0:Profile", "eastron-sdm120"),
            ("Meters:1:Endpoint", "rtu:///dev/ttyUSB0?baud=19200&parity=N"), ("Meters:1:UnitId", "2"), ("Meters:1:Profile", "eastron-sdm120"));
        Assert.StartsWith("Meters:1:Endpoint: 'rtu:///dev/ttyUSB0?baud=19200&parity=N&stop=1&data=8' sets other serial settings than Meters:0:Endpoint", Assert.Single(errors), StringComparison.Ordinal);

        errors = Errors(
            ("Meters:0:Plugin", "modbus"), ("Meters:0:Endpoint", "tcp://127.0.0.1:1502"), ("Meters:0:UnitId", "1"), ("Meters:0:Profile", "eastron-sdm120"),
            ("Meters:1:Endpoint", "tcp://127.0.0.1:1502"), ("Meters:1:UnitId", "1"), ("Meters:1:Profile", "eastron-sdm630"));
        Assert.StartsWith("Meters:1:UnitId: unit 1 on tcp://127.0.0.1:1502 is already meter Meters:0:UnitId", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_profile_folder_is_named()
    {
        var options = new ModbusOptions();
        options.ProfileDirs.Add("/nonexistent/profiles");
        var errors = new List<string>();
        ModbusSetupBuilder.Build(options, new MeterCatalog(new ConfigurationBuilder().Build()), errors);
        Assert.Equal("Modbus:ProfileDirs: profile folder '/nonexistent/profiles' does not exist.", Assert.Single(errors));
    }

    [Fact]
    public async Task The_host_refuses_to_start_naming_the_key()
    {
        await using var host = PluginHost.Create(new Dictionary<string, string?>
        {
            ["Meters:0:Id"] = "grid", ["Meters:0:Plugin"] = "modbus", ["Meters:0:Endpoint"] = "tcp://127.0.0.1:1502",
            ["Meters:0:UnitId"] = "300", ["Meters:0:Profile"] = "eastron-sdm630",
        });
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);
        Assert.Contains("Meters:0:UnitId: '300' is not a Modbus unit id", ex.Message, StringComparison.Ordinal);
    }
}
