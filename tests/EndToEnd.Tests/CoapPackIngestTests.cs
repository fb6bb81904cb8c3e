using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>A SenML pack holding several readings (RFC 8428 §4.5: records with their own times) posted by libcoap.</summary>
public sealed class CoapPackIngestTests
{
    [Fact]
    public async Task A_pack_of_readings_is_stored_whole_in_order_before_the_2_04()
    {
        var port = Libcoap.FreeUdpPort();
        await using var scope = await HubScope.StartAsync(["house"], c => c with
        {
            ExtraSections = new Dictionary<string, JsonNode> { ["Coap"] = new JsonObject { ["Port"] = port, ["BindAddress"] = "127.0.0.1" } },
            OtherMeters = [new JsonObject { ["Id"] = "ev", ["Plugin"] = "coap" }],
        });

        // 20 readings a minute apart, energy rising: the counter rule marks any reading stored out of order invalid.
        const int count = 20;
        var baseTime = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var pack = new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""[{"bn":"ev:","bt":{{baseTime}},"n":"energy-import","u":"Wh","v":1000,"t":0},{"n":"power","u":"W","v":100,"t":0}""");
        for (var i = 1; i < count; i++)
        {
            pack.Append(CultureInfo.InvariantCulture, $$""",{"n":"energy-import","u":"Wh","v":{{1000 + (i * 10)}},"t":{{i * 60}}},{"n":"power","u":"W","v":{{100 + i}},"t":{{i * 60}}}""");
        }

        pack.Append(']');
        var (code, output) = await Libcoap.ClientAsync("-B", "10", "-m", "post", "-t", "110", "-e", pack.ToString(), $"coap://127.0.0.1:{port}/readings");

        Assert.Equal(0, code);
        Assert.Contains("stored 20", output, StringComparison.Ordinal);

        // The 2.04 came after durability: the readings are there at once, each valid, in time order with their values.
        var readings = await scope.Hub.AllReadingsAsync("ev");
        Assert.Equal(count, readings.Count);
        Assert.All(readings, r => Assert.True(r.GetProperty("valid").GetBoolean(), r.ToString()));
        Assert.Equal(Enumerable.Range(0, count).Select(i => 1000.0 + (i * 10)), readings.Select(r => r.GetProperty("energyImportWh").GetDouble()));
        Assert.Equal(Enumerable.Range(0, count).Select(i => 100.0 + i), readings.Select(r => r.GetProperty("powerW").GetDouble()));
        Assert.Equal(
            Enumerable.Range(0, count).Select(i => SmartMeterTime.Iso(DateTimeOffset.FromUnixTimeSeconds(baseTime + (i * 60)))),
            readings.Select(r => r.GetProperty("timestamp").GetString()));
    }
}
