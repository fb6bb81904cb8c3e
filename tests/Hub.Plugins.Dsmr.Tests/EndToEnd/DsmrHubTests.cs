using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Plugins.Dsmr.Tests.Protocol;
using Hub.Plugins.Modbus.Protocol.Tests;
using SmartMeter.Peers;

namespace Hub.Plugins.Dsmr.Tests.EndToEnd;

/// <summary>A real hub process reads P1 telegrams over TCP and over a socat serial pair and stores what they say.</summary>
public sealed class DsmrHubTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>A P1 time stamp for <paramref name="utc"/>, written as a winter-time (W, UTC+1) meter would.</summary>
    private static string WinterStamp(DateTimeOffset utc) => utc.ToOffset(TimeSpan.FromHours(1)).ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "W";

    private static DateTimeOffset Second(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    [Fact]
    public async Task Tcp_stream_with_noise_bad_crc_and_a_cut_telegram_stores_only_the_good_telegrams_and_the_gas_meter()
    {
        using var directory = TestDirectory.Create("dsmr-tcp");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = HubConfig.Create(directory.Combine("data")) with
        {
            OtherMeters =
            [
                new JsonObject { ["Id"] = "house", ["Plugin"] = "dsmr", ["Endpoint"] = $"tcp://127.0.0.1:{port}", ["Profile"] = "sagemcom-xs210" },
                new JsonObject { ["Id"] = "house-gas", ["Plugin"] = "dsmr", ["GasOf"] = "house", ["Channel"] = 1, ["WhPerM3"] = 10000 },
            ],
        };
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"));
        using var accept = new CancellationTokenSource(Deadline);
        using var client = await listener.AcceptTcpClientAsync(accept.Token);
        var stream = client.GetStream();

        var t1 = Second(DateTimeOffset.UtcNow.AddMinutes(-2));
        var gasTime = Second(t1.AddMinutes(-5));
        var first = P1TelegramWriter.Dsmr5(time: WinterStamp(t1), t1In: 100.001, t2In: 200.002, t1Out: 1, t2Out: 2, powerInKw: 0.5, gasTime: WinterStamp(gasTime), gasM3: 12.5).Build();
        var bad = P1TelegramWriter.Dsmr5(time: WinterStamp(t1.AddSeconds(1)), t1In: 999_999).Build();
        bad[^8] = bad[^8] == (byte)'0' ? (byte)'1' : (byte)'0';
        var cut = P1TelegramWriter.Dsmr5(time: WinterStamp(t1.AddSeconds(2)), t1In: 888_888).Build()[..300];
        var t2 = t1.AddSeconds(3);
        var second = P1TelegramWriter.Dsmr5(time: WinterStamp(t2), t1In: 100.011, t2In: 200.002, t1Out: 1, t2Out: 2, powerInKw: 0.1, powerOutKw: 0.7, gasTime: WinterStamp(gasTime), gasM3: 12.5).Build();
        byte[] noise = [.. Encoding.ASCII.GetBytes("\r\n~~ line noise ~~"), 0xFF, 0x00, 0x8A];
        await stream.WriteAsync((byte[])[.. first, .. noise, .. bad, .. cut, .. second]);

        IReadOnlyList<JsonElement> house = [];
        await Eventually.HoldsAsync(
            async () => (house = await hub.AllReadingsAsync("house")).Count >= 2,
            Deadline,
            "the two good telegrams are stored",
            () => hub.Log);
        Assert.Equal(2, house.Count);
        Assert.Equal(t1, DateTimeOffset.Parse(house[0].GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(300_003, house[0].GetProperty("energyImportWh").GetDouble());
        Assert.Equal(3_000, house[0].GetProperty("energyExportWh").GetDouble());
        Assert.Equal(500, house[0].GetProperty("powerW").GetDouble(), 6);
        Assert.Equal([230.1, 231.2, 229.8], house[0].GetProperty("voltageV").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(t2, DateTimeOffset.Parse(house[1].GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(300_013, house[1].GetProperty("energyImportWh").GetDouble());
        Assert.Equal(-600, house[1].GetProperty("powerW").GetDouble(), 6);

        // The gas meter: one reading per capture time, the volume at 10000 Wh/m3.
        var gas = Assert.Single(await hub.AllReadingsAsync("house-gas"));
        Assert.Equal(gasTime, DateTimeOffset.Parse(gas.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(125_000, gas.GetProperty("energyImportWh").GetDouble());

        // Noise, the bad CRC and the cut telegram: counted and raised, none stored.
        Assert.True(await hub.ProblemCountAsync("dsmr", "malformed-payload") >= 3, (await hub.HealthAsync()).Body.ToString());
        var dsmr = (await hub.HealthAsync()).Body.GetProperty("plugins").GetProperty("dsmr").GetProperty("details").GetProperty("house");
        Assert.Equal(1, dsmr.GetProperty("badCrc").GetInt64());
        Assert.Equal(1, dsmr.GetProperty("truncated").GetInt64());
        Assert.True(dsmr.GetProperty("noise").GetInt64() >= 1, dsmr.ToString());
        Assert.Equal(100_011, dsmr.GetProperty("registers").GetProperty("1-0:1.8.1").GetDouble());
        // Raised as an alert too (the hub keeps one per plugin, kind and meter every 10 s: the noise came first).
        var alerts = (await hub.GetJsonAsync("/api/alerts")).ToString();
        Assert.Contains("line noise", alerts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serial_pty_at_one_telegram_a_second_is_down_sampled_to_MinIntervalSeconds()
    {
        await using var pty = await PtyPair.StartAsync();
        using var directory = TestDirectory.Create("dsmr-pty");
        var config = HubConfig.Create(directory.Combine("data")) with
        {
            OtherMeters =
            [
                new JsonObject { ["Id"] = "flat", ["Plugin"] = "dsmr", ["Endpoint"] = $"{pty.B}?baud=115200", ["MinIntervalSeconds"] = 2 },
            ],
        };
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"));
        await using var line = new FileStream(pty.A, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, false);
        var t0 = Second(DateTimeOffset.UtcNow.AddMinutes(-1));
        var stamps = Enumerable.Range(0, 5).Select(i => t0.AddSeconds(i)).ToList();

        // The hub opens the pty some time after it says healthy: repeat the first telegram until it is stored.
        await Eventually.HoldsAsync(
            async () =>
            {
                await line.WriteAsync(P1TelegramWriter.Dsmr5(time: WinterStamp(stamps[0]), t1In: 1).Build()).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                await line.FlushAsync();
                return (await hub.AllReadingsAsync("flat")).Count >= 1;
            },
            Deadline,
            "the first telegram over the pty is stored",
            () => hub.Log,
            TimeSpan.FromMilliseconds(500));
        foreach (var (stamp, i) in stamps.Skip(1).Select((s, i) => (s, i + 1)))
        {
            await line.WriteAsync(P1TelegramWriter.Dsmr5(time: WinterStamp(stamp), t1In: 1 + (i / 1000.0)).Build());
        }

        await line.FlushAsync();
        IReadOnlyList<JsonElement> stored = [];
        await Eventually.HoldsAsync(
            async () => (stored = await hub.AllReadingsAsync("flat")).Count >= 3,
            Deadline,
            "telegrams at t0, t0+2 s and t0+4 s are stored",
            () => hub.Log);

        // Every second telegram is kept (2 s minimum interval): t0, t0+2, t0+4; the 4th telegram's register 1.8.1 = 1.004 kWh.
        Assert.Equal([stamps[0], stamps[2], stamps[4]], stored.Select(r => DateTimeOffset.Parse(r.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture)));
        Assert.Equal(1_004 + 2_345_678, stored[^1].GetProperty("energyImportWh").GetDouble());
        var details = (await hub.HealthAsync()).Body.GetProperty("plugins").GetProperty("dsmr").GetProperty("details").GetProperty("flat");
        Assert.True(details.GetProperty("downSampled").GetInt64() >= 2, details.ToString());
    }
}
