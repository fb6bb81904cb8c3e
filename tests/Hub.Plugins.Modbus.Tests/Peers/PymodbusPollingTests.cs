using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Protocol.Tests;
using SmartMeter.Peers;

namespace Hub.Plugins.Modbus.Tests.Peers;

/// <summary>The plugin, in a generic host, polls a real pymodbus server over TCP and over RTU (socat pty pair).</summary>
public sealed class PymodbusPollingTests
{
    private static Dictionary<string, string?> Meter(int index, string id, string endpoint, int unit, string profile) => new()
    {
        [$"Meters:{index}:Id"] = id,
        [$"Meters:{index}:Plugin"] = "modbus",
        [$"Meters:{index}:Endpoint"] = endpoint,
        [$"Meters:{index}:UnitId"] = unit.ToString(CultureInfo.InvariantCulture),
        [$"Meters:{index}:Profile"] = profile,
        [$"Meters:{index}:PollSeconds"] = "0.2",
    };

    private static Dictionary<string, string?> Settings(params Dictionary<string, string?>[] parts)
    {
        // 1.5 s per request: the live meters must not miss an answer from the Python server on a loaded machine (the
        // tests assert that they raise no problem); the dead and silent ones still go offline within seconds.
        var all = new Dictionary<string, string?> { ["Modbus:RequestTimeoutMs"] = "1500", ["Modbus:Retries"] = "0" };
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                all[key] = value;
            }
        }

        return all;
    }

    private static void AssertHouse(Reading reading)
    {
        Assert.Equal(PymodbusMeters.HouseVoltage, reading.VoltageV!.Select(v => Math.Round(v, 3)));
        Assert.Equal(PymodbusMeters.HouseCurrent, reading.CurrentA!);
        Assert.Equal(PymodbusMeters.HousePower, reading.PowerW);
        Assert.Equal(PymodbusMeters.HouseFrequency, reading.FrequencyHz!.Value, 3);
        Assert.Equal(PymodbusMeters.HouseImportKwh * 1000, reading.EnergyImportWh);
        Assert.Equal(PymodbusMeters.HouseExportKwh * 1000, reading.EnergyExportWh);
        Assert.Null(reading.Seq);
    }

    private static void AssertGarage(Reading reading)
    {
        Assert.Equal([PymodbusMeters.GarageVoltage], reading.VoltageV!);
        Assert.Equal([PymodbusMeters.GarageCurrent], reading.CurrentA!);
        Assert.Equal(PymodbusMeters.GaragePower, reading.PowerW);
        Assert.Equal(PymodbusMeters.GarageFrequency, reading.FrequencyHz!.Value, 3);
        Assert.Equal(PymodbusMeters.GarageImportKwh * 1000, reading.EnergyImportWh);
        Assert.Equal(PymodbusMeters.GarageExportKwh * 1000, reading.EnergyExportWh);
    }

    [Fact]
    public async Task Tcp_meters_sharing_one_endpoint_are_read_while_a_dead_one_is_offline()
    {
        var (peer, port) = await PymodbusMeters.StartTcpAsync();
        await using (peer)
        {
            var endpoint = $"tcp://127.0.0.1:{port}";
            var deadPort = FreePort.Next();
            await using var host = PluginHost.Create(Settings(
                Meter(0, "house", endpoint, 1, "eastron-sdm630"),
                Meter(1, "garage", endpoint, 2, "eastron-sdm120"),
                Meter(2, "dead", $"tcp://127.0.0.1:{deadPort}", 1, "eastron-sdm120")));
            await host.StartAsync();

            await host.WaitForAsync(() => host.ReadingsOf("house").Count >= 3 && host.ReadingsOf("garage").Count >= 3, "3 readings of house and of garage");
            await host.WaitForAsync(() => host.Status.TryGetValue("dead", out var s) && !s.Online, "dead marked offline");

            AssertHouse(host.ReadingsOf("house")[^1]);
            AssertGarage(host.ReadingsOf("garage")[^1]);
            Assert.True(host.Status["house"].Online);
            Assert.True(host.Status["garage"].Online);
            var reason = host.Status["dead"].Reason!;
            Assert.StartsWith($"tcp://127.0.0.1:{deadPort} unit 1: unreachable", reason, StringComparison.Ordinal);

            // Reported once, not once per poll, and under the dead meter only.
            var problem = Assert.Single(host.Problems);
            Assert.Equal(new IngestProblem("modbus", IngestProblemKind.MeterUnreachable, "dead", reason, $"tcp://127.0.0.1:{deadPort}"), problem);

            // Timestamps are the hub's receive time, strictly increasing (they are the dedup key).
            var stamps = host.ReadingsOf("house").Select(r => r.Timestamp).ToList();
            Assert.Equal(stamps.Order(), stamps);
            Assert.Equal(stamps.Count, stamps.Distinct().Count());
        }

        PymodbusMeters.ThrowIfLoggedErrors(peer);
    }

    [Fact]
    public async Task Exception_codes_and_silent_units_are_clear_errors_and_do_not_stop_other_meters()
    {
        using var profiles = new TempDir();
        File.WriteAllText(Path.Combine(profiles.Path, "beyond-map.json"), """
            {
              "name": "beyond-map",
              "document": { "title": "test profile reading a register pymodbus does not map", "url": "https://example.com/none" },
              "quantities": [ { "field": "powerW", "function": 4, "register": "0x0100", "type": "float32" } ]
            }
            """);
        var (peer, port) = await PymodbusMeters.StartTcpAsync();
        await using (peer)
        {
            var endpoint = $"tcp://127.0.0.1:{port}";
            var settings = Settings(
                Meter(0, "house", endpoint, 1, "eastron-sdm630"),
                Meter(1, "refused", endpoint, 2, "beyond-map"),
                Meter(2, "silent", endpoint, 9, "eastron-sdm120"));
            settings["Modbus:ProfileDirs:0"] = profiles.Path;
            await using var host = PluginHost.Create(settings);
            await host.StartAsync();

            await host.WaitForAsync(
                () => host.Status.TryGetValue("refused", out var r) && !r.Online && host.Status.TryGetValue("silent", out var s) && !s.Online,
                "refused and silent offline");
            var before = host.ReadingsOf("house").Count;
            await host.WaitForAsync(() => host.ReadingsOf("house").Count >= before + 3, "house keeps being read");

            var refused = host.Status["refused"].Reason!;
            Assert.Contains("unit 2: Unit 2 refused", refused, StringComparison.Ordinal);
            Assert.Contains("exception 02", refused, StringComparison.Ordinal);
            var silent = host.Status["silent"].Reason!;
            Assert.StartsWith($"{endpoint} unit 9: no answer", silent, StringComparison.Ordinal);
            Assert.Contains(host.Problems, p => p.MeterId == "refused" && p.Kind == IngestProblemKind.TransportError);
            Assert.Contains(host.Problems, p => p.MeterId == "silent" && p.Kind == IngestProblemKind.MeterUnreachable);
            Assert.DoesNotContain(host.Problems, p => p.MeterId == "house");
            Assert.Empty(host.ReadingsOf("refused"));
            Assert.Empty(host.ReadingsOf("silent"));
        }

        PymodbusMeters.ThrowIfLoggedErrors(peer);
    }

    [Fact]
    public async Task Rtu_meter_is_read_through_a_socat_pseudo_terminal_pair()
    {
        await using var pty = await PtyPair.StartAsync();
        var peer = await PymodbusMeters.StartRtuAsync(pty.A, 19200);
        await using (peer)
        {
            await using var host = PluginHost.Create(Settings(
                Meter(0, "garage", $"rtu://{pty.B}?baud=19200&parity=N&stop=1", 3, "eastron-sdm120"),
                Meter(1, "neighbour", $"rtu://{pty.B}?baud=19200&parity=N&stop=1", 4, "eastron-sdm120")));
            await host.StartAsync();

            await host.WaitForAsync(() => host.ReadingsOf("garage").Count >= 3, "3 readings of garage over RTU");
            await host.WaitForAsync(() => host.Status.TryGetValue("neighbour", out var s) && !s.Online, "the absent unit on the same bus offline");
            AssertGarage(host.ReadingsOf("garage")[^1]);
            Assert.StartsWith($"rtu://{pty.B}?baud=19200&parity=N&stop=1&data=8 unit 4: no answer", host.Status["neighbour"].Reason, StringComparison.Ordinal);
        }

        PymodbusMeters.ThrowIfLoggedErrors(peer);
    }
}
