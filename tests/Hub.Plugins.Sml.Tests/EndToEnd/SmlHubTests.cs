using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Plugins.Modbus.Protocol.Tests;
using Hub.Plugins.Sml.Tests.Protocol;
using SmartMeter.Peers;

namespace Hub.Plugins.Sml.Tests.EndToEnd;

/// <summary>A real hub process reads SML files over TCP and over a socat serial pair and stores what they say.</summary>
public sealed class SmlHubTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Tcp_read_head_with_noise_bad_crc_and_a_foreign_meter_stores_only_the_good_files()
    {
        using var directory = TestDirectory.Create("sml-tcp");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = HubConfig.Create(directory.Combine("data")) with
        {
            OtherMeters =
            [
                new JsonObject { ["Id"] = "zaehler", ["Plugin"] = "sml", ["Endpoint"] = $"tcp://127.0.0.1:{port}", ["Profile"] = "emh-ehz", ["ServerId"] = "0a01454d4800007ac53b" },
            ],
        };
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"));
        using var accept = new CancellationTokenSource(Deadline);
        using var client = await listener.AcceptTcpClientAsync(accept.Token);
        var stream = client.GetStream();

        var first = SmlFileWriter.Frame(SmlFileWriter.FullDataSet(importTenthWh: 123_456_789, exportTenthWh: 10, powerW: 1500));
        var bad = SmlFileWriter.Frame(SmlFileWriter.FullDataSet(importTenthWh: 999_999_999, exportTenthWh: 10, powerW: 9));
        bad[^1] ^= 0x55;
        var foreign = SmlFileWriter.Frame(SmlFileWriter.ReducedDataSet(5), serverId: [0x0A, 0x01, 0x49, 0x53, 0x4B, 0x00, 0x00, 0x00, 0x00, 0x01]);
        await stream.WriteAsync((byte[])[.. first, 0x42, 0x00, 0xFF, .. bad, .. foreign]);

        await Eventually.HoldsAsync(async () => (await hub.AllReadingsAsync("zaehler")).Count >= 1, Deadline, "the first file is stored", () => hub.Log);

        // The PIN-locked reduced set, sent once the first is stored (the hub's receive time stamps SML readings).
        var reduced = SmlFileWriter.Frame(SmlFileWriter.ReducedDataSet(12_345_700));
        await stream.WriteAsync(reduced);
        IReadOnlyList<JsonElement> stored = [];
        await Eventually.HoldsAsync(async () => (stored = await hub.AllReadingsAsync("zaehler")).Count >= 2, Deadline, "the reduced file is stored", () => hub.Log);

        Assert.Equal(2, stored.Count);
        Assert.Equal(12_345_678.9, stored[0].GetProperty("energyImportWh").GetDouble(), 6);
        Assert.Equal(1_500, stored[0].GetProperty("powerW").GetDouble());
        Assert.Equal([230.1, 231.2, 229.8], stored[0].GetProperty("voltageV").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(12_345_700, stored[1].GetProperty("energyImportWh").GetDouble());
        Assert.False(stored[1].TryGetProperty("powerW", out var power) && power.ValueKind == JsonValueKind.Number, stored[1].ToString());

        var details = (await hub.HealthAsync()).Body.GetProperty("plugins").GetProperty("sml").GetProperty("details").GetProperty("zaehler");
        Assert.Equal(1, details.GetProperty("badCrc").GetInt64());
        Assert.Equal(1, details.GetProperty("malformed").GetInt64());
        Assert.True(details.GetProperty("noise").GetInt64() >= 1, details.ToString());
        Assert.Equal("0a01454d4800007ac53b", details.GetProperty("serverId").GetString());
        Assert.True(await hub.ProblemCountAsync("sml", "malformed-payload") >= 3);
    }

    [Fact]
    public async Task Serial_pty_read_head_stores_readings()
    {
        await using var pty = await PtyPair.StartAsync();
        using var directory = TestDirectory.Create("sml-pty");
        var config = HubConfig.Create(directory.Combine("data")) with
        {
            OtherMeters = [new JsonObject { ["Id"] = "keller", ["Plugin"] = "sml", ["Endpoint"] = $"{pty.B}?baud=9600" }],
        };
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"));
        await using var line = new FileStream(pty.A, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, false);
        var frame = SmlFileWriter.Frame(SmlFileWriter.FullDataSet(importTenthWh: 5_000_000, exportTenthWh: 20_000, powerW: -750));
        IReadOnlyList<JsonElement> stored = [];

        // The hub opens the pty some time after it says healthy: the meter repeats its file, as SML meters do.
        await Eventually.HoldsAsync(
            async () =>
            {
                await line.WriteAsync(frame).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                await line.FlushAsync();
                return (stored = await hub.AllReadingsAsync("keller")).Count >= 1;
            },
            Deadline,
            "an SML file over the pty is stored",
            () => hub.Log,
            TimeSpan.FromMilliseconds(500));
        Assert.Equal(500_000, stored[0].GetProperty("energyImportWh").GetDouble(), 6);
        Assert.Equal(2_000, stored[0].GetProperty("energyExportWh").GetDouble(), 6);
        Assert.Equal(-750, stored[0].GetProperty("powerW").GetDouble());
        Assert.Equal(49.98, stored[0].GetProperty("frequencyHz").GetDouble(), 6);
    }
}
