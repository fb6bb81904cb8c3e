using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// The real hub polls a real pymodbus server (Debian's python3-pymodbus) holding an SDM630 (unit 1) and an SDM120
/// (unit 2); the values come out of /api/readings, and a dead meter is offline in /api/meters while the others are read.
/// </summary>
public sealed class ModbusIngestTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private static JsonObject ModbusMeter(string id, string endpoint, int unitId, string profile) => new()
    {
        ["Id"] = id,
        ["Plugin"] = "modbus",
        ["Endpoint"] = endpoint,
        ["UnitId"] = unitId,
        ["Profile"] = profile,
        ["PollSeconds"] = 0.5,
    };

    [Fact]
    public async Task PymodbusSdm630AndSdm120_ValuesAreServed_DeadMeterIsOfflineWhileOthersAreRead()
    {
        // SDM630 input registers 0x0000..0x004B, float32 high word first (Eastron manual, 'Input Registers').
        var sdm630 = new float[38];
        sdm630[0] = 230.1f; sdm630[1] = 231.2f; sdm630[2] = 229.8f;   // 0x0000.. L1..L3 volts
        sdm630[3] = 1.5f; sdm630[4] = 2.5f; sdm630[5] = 3.5f;         // 0x0006.. amps
        sdm630[6] = 300; sdm630[7] = 400; sdm630[8] = 500;            // 0x000C.. phase watts
        sdm630[26] = 1200;                                            // 0x0034 total system power
        sdm630[35] = 50.02f;                                          // 0x0046 frequency
        sdm630[36] = 1234.5f; sdm630[37] = 12.25f;                    // 0x0048/0x004A import/export kWh
        var sdm120 = new float[38];
        sdm120[0] = 229.5f; sdm120[3] = 4.25f; sdm120[6] = -975.5f; sdm120[35] = 49.98f; sdm120[36] = 321.75f; sdm120[37] = 0.5f;

        using var directory = TestDirectory.Create("e2e-modbus");
        await using var pymodbus = ChildProcess.Start(
            "pymodbus",
            "/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Fixtures", "pymodbus_server.py"), "tcp", "--port", "0",
             "--block", Block(1, sdm630), "--block", Block(2, sdm120)],
            redirectStandardInput: true);
        var listening = await pymodbus.WaitForLineAsync(l => l.StartsWith("LISTENING tcp", StringComparison.Ordinal), Soon);
        var endpoint = "tcp://127.0.0.1:" + listening.Split(' ')[^1];
        var deadEndpoint = $"tcp://127.0.0.1:{FreePort.Next()}";

        var config = HubConfig.Create(directory.Combine("data")) with
        {
            OtherMeters =
            [
                ModbusMeter("house", endpoint, 1, "eastron-sdm630"),
                ModbusMeter("garage", endpoint, 2, "eastron-sdm120"),
                ModbusMeter("dead", deadEndpoint, 1, "eastron-sdm630"),
            ],
        };
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"));

        IReadOnlyList<JsonElement> house = [];
        await hub.EventuallyAsync(async () => (house = await hub.AllReadingsAsync("house")).Count >= 2, Soon, "two readings of house in /api/readings");
        var latest = house[^1];
        Assert.Equal([230.1, 231.2, 229.8], latest.GetProperty("voltageV").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 3)));
        Assert.Equal([1.5, 2.5, 3.5], latest.GetProperty("currentA").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(1200, latest.GetProperty("powerW").GetDouble());
        Assert.Equal(50.02, latest.GetProperty("frequencyHz").GetDouble(), 3);
        Assert.Equal(1_234_500, latest.GetProperty("energyImportWh").GetDouble());
        Assert.Equal(12_250, latest.GetProperty("energyExportWh").GetDouble());
        Assert.True(latest.GetProperty("valid").GetBoolean(), latest.ToString());

        IReadOnlyList<JsonElement> garage = [];
        await hub.EventuallyAsync(async () => (garage = await hub.AllReadingsAsync("garage")).Count >= 1, Soon, "a reading of garage");
        Assert.Equal(-975.5, garage[^1].GetProperty("powerW").GetDouble());
        Assert.Equal(321_750, garage[^1].GetProperty("energyImportWh").GetDouble());

        JsonElement meters = default;
        await hub.EventuallyAsync(
            async () => Status(meters = await hub.GetJsonAsync("/api/meters"), "dead") == "offline",
            Soon,
            "meter dead is offline in /api/meters");
        var dead = meters.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "dead");
        Assert.StartsWith($"{deadEndpoint} unit 1: unreachable", dead.GetProperty("statusReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("online", Status(meters, "house"));
        Assert.Equal("online", Status(meters, "garage"));

        // The dead meter holds up nobody: house keeps being read.
        var count = (await hub.AllReadingsAsync("house")).Count;
        await hub.EventuallyAsync(async () => (await hub.AllReadingsAsync("house")).Count >= count + 2, Soon, "house keeps being read");

        var (_, health) = await hub.HealthAsync();
        var modbus = health.GetProperty("plugins").GetProperty("modbus");
        Assert.Equal("polling", modbus.GetProperty("status").GetString());
        Assert.True(await hub.ProblemCountAsync("modbus", "meter-unreachable") >= 1, health.ToString());
    }

    private static string? Status(JsonElement meters, string id) =>
        meters.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id).GetProperty("status").GetString();

    private static string Block(int unit, float[] values)
    {
        var registers = values.SelectMany(v =>
        {
            var bits = BitConverter.SingleToUInt32Bits(v);
            return new[] { bits >> 16, bits & 0xFFFF };
        });
        return $"{unit}:ir:0:" + string.Join(',', registers.Select(r => "0x" + r.ToString("X4", CultureInfo.InvariantCulture)));
    }
}
