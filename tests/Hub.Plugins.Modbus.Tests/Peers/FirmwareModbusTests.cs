using System.Globalization;
using System.Text.RegularExpressions;
using Hub.Plugins.Modbus.Protocol.Tests;
using SmartMeter.Peers;

namespace Hub.Plugins.Modbus.Tests.Peers;

/// <summary>
/// meter-firmware --modbus serves its simulated sensor as an SDM630: Debian's mbpoll reads the values the firmware
/// logs for its reading, and the hub's plugin reads the same values through the eastron-sdm630 profile.
/// </summary>
public sealed partial class FirmwareModbusTests : IDisposable
{
    private readonly TempDir _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Mbpoll_and_the_plugin_read_the_reading_the_firmware_published()
    {
        var port = FreePort.Next();
        await using var firmware = ChildProcess.Start(
            "meter-firmware",
            DotnetHost.Path,
            [RepoPaths.MeterFirmwareDll, "--meter-id", "modbus-sim", "--profile", "household", "--state-dir", _state.Path,
             "--modbus", $"tcp://127.0.0.1:{port}", "--unit-id", "7", "--interval", "1h", "--verbose"]);

        // One reading now, the next in an hour: the registers hold still while they are read.
        var line = await firmware.WaitForLineAsync(l => l.Contains("seq 1:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await firmware.WaitForLineAsync(l => l.Contains("serving Modbus TCP", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var logged = ReadingLine().Match(line);
        Assert.True(logged.Success, line);
        var power = Parse(logged.Groups["power"].Value);
        var voltage = Parse(logged.Groups["voltage"].Value);
        var importWh = Parse(logged.Groups["import"].Value);
        var exportWh = Parse(logged.Groups["export"].Value);

        // -t 3:float -B: input registers as big-endian (ABCD) floats; 38 floats = registers 0x0000..0x004B.
        var result = await Mbpoll.RunAsync(port, "-a", "7", "-t", "3:float", "-B", "-r", "1", "-c", "38", "127.0.0.1");
        Assert.True(result.ExitCode == 0, result.Output);
        AssertClose(voltage, result.Values[1], "L1 voltage [1]");
        AssertClose(power, result.Values[13], "L1 power [13]");
        AssertClose(power, result.Values[53], "total power [53]");
        AssertClose(importWh / 1000, result.Values[73], "import kWh [73]");
        AssertClose(exportWh / 1000, result.Values[75], "export kWh [75]");
        Assert.InRange(Parse(result.Values[71]), 49, 51);

        // A unit id the firmware does not answer to gets exception 0B (gateway target failed to respond).
        var other = await Mbpoll.RunAsync(port, "-a", "8", "-t", "3:float", "-B", "-r", "1", "-c", "2", "127.0.0.1");
        Assert.NotEqual(0, other.ExitCode);

        await using var host = PluginHost.Create(new Dictionary<string, string?>
        {
            ["Meters:0:Id"] = "modbus-sim", ["Meters:0:Plugin"] = "modbus", ["Meters:0:Endpoint"] = $"tcp://127.0.0.1:{port}",
            ["Meters:0:UnitId"] = "7", ["Meters:0:Profile"] = "eastron-sdm630", ["Meters:0:PollSeconds"] = "0.5",
        });
        await host.StartAsync();
        await host.WaitForAsync(() => host.ReadingsOf("modbus-sim").Count >= 1, "a reading of the firmware through the plugin");
        var reading = host.ReadingsOf("modbus-sim")[0];
        Assert.Equal((float)power, (float)reading.PowerW!.Value);
        Assert.Equal((float)voltage, (float)reading.VoltageV![0]);
        Assert.Equal([0.0, 0.0], reading.VoltageV!.Skip(1));
        Assert.Equal((float)(importWh / 1000) * 1000.0, reading.EnergyImportWh!.Value, 6);
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>mbpoll prints floats with %g (6 significant digits).</summary>
    private static void AssertClose(double expected, string actual, string what)
    {
        var value = Parse(actual);
        Assert.True(Math.Abs(expected - value) <= Math.Max(1e-9, Math.Abs(expected) * 1e-5), $"{what}: firmware {expected}, mbpoll {actual}");
    }

    [GeneratedRegex(@"seq 1: (?<power>-?[\d.E+-]+) W, (?<voltage>[\d.E+-]+) V, import (?<import>[\d.E+-]+) Wh, export (?<export>[\d.E+-]+) Wh")]
    private static partial Regex ReadingLine();
}
