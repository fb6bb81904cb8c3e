using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>The real hub's CoAP server against Debian's libcoap3-bin tools and raw datagrams.</summary>
public sealed class CoapIngestTests
{
    private const string EvUrn = "urn:dev:mac:0024befffe804ff1";

    private static async Task<(HubScope Hub, int CoapPort)> StartAsync(params JsonObject[] extraMeters)
    {
        var port = Libcoap.FreeUdpPort();
        var hub = await HubScope.StartAsync(["house"], c => c with
        {
            ExtraSections = new Dictionary<string, JsonNode> { ["Coap"] = new JsonObject { ["Port"] = port, ["BindAddress"] = "127.0.0.1" } },
            OtherMeters = [new JsonObject { ["Id"] = "ev", ["Plugin"] = "coap", ["Urn"] = EvUrn }, .. extraMeters],
        });
        return (hub, port);
    }

    private static Task<(int ExitCode, string Output)> PostAsync(int port, string contentFormat, string payload) =>
        Libcoap.ClientAsync("-B", "20", "-m", "post", "-t", contentFormat, "-e", payload, $"coap://127.0.0.1:{port}/readings");

    [Fact]
    public async Task Coap_client_senml_json_is_stored_with_the_right_values()
    {
        var (scope, port) = await StartAsync();
        await using var _ = scope;

        var (code, output) = await PostAsync(port, "110", $$"""
            [{"bn":"{{EvUrn}}:","bt":1764072000,"n":"power","u":"W","v":-1234.5},
             {"n":"energy-import","u":"kWh","v":12.5},{"n":"energy-export","u":"Wh","v":300},
             {"n":"voltage-L1","u":"V","v":230.5},{"n":"voltage-L2","u":"V","v":231},{"n":"voltage-L3","u":"V","v":229},
             {"n":"frequency","u":"Hz","v":50.02},{"n":"seq","v":7}]
            """);

        Assert.Equal(0, code);
        Assert.Contains("stored 1", output, StringComparison.Ordinal);
        var reading = Assert.Single(await scope.Hub.AllReadingsAsync("ev"));
        Assert.Equal("2025-11-25T12:00:00.000Z", reading.GetProperty("timestamp").GetString());
        Assert.Equal(-1234.5, reading.GetProperty("powerW").GetDouble());
        Assert.Equal(12500, reading.GetProperty("energyImportWh").GetDouble());
        Assert.Equal(300, reading.GetProperty("energyExportWh").GetDouble());
        Assert.Equal([230.5, 231, 229], reading.GetProperty("voltageV").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(50.02, reading.GetProperty("frequencyHz").GetDouble());
        Assert.Equal(7ul, reading.GetProperty("seq").GetUInt64());
    }

    [Fact]
    public async Task Coap_client_senml_cbor_file_is_stored()
    {
        var (scope, port) = await StartAsync();
        await using var _ = scope;

        // [{-2:"ev:", 0:"power", 1:"W", 2:1500.0}, {0:"energy", 1:"Wh", 2:42000}] with RFC 8428 Table 4 labels.
        var file = scope.Directory.Combine("pack.cbor");
        await File.WriteAllBytesAsync(file, Convert.FromHexString(
            "82A42163" + "65763A" + "0065706F776572" + "016157" + "02FB4097700000000000"
            + "A30066656E65726779" + "01625768" + "0219A410"));
        var (code, output) = await Libcoap.ClientAsync("-B", "20", "-m", "post", "-t", "112", "-f", file, $"coap://127.0.0.1:{port}/readings");

        Assert.Equal(0, code);
        Assert.Contains("stored 1", output, StringComparison.Ordinal);
        var reading = Assert.Single(await scope.Hub.AllReadingsAsync("ev"));
        Assert.Equal(1500, reading.GetProperty("powerW").GetDouble());
        Assert.Equal(42000, reading.GetProperty("energyImportWh").GetDouble());
    }

    [Fact]
    public async Task Canonical_json_content_format_50_is_stored()
    {
        var (scope, port) = await StartAsync();
        await using var _ = scope;

        var (code, _) = await PostAsync(port, "50", """{"meterId":"ev","timestamp":"2026-01-02T03:04:05.006Z","powerW":42,"energyImportWh":1000}""");

        Assert.Equal(0, code);
        var reading = Assert.Single(await scope.Hub.AllReadingsAsync("ev"));
        Assert.Equal("2026-01-02T03:04:05.006Z", reading.GetProperty("timestamp").GetString());
        Assert.Equal(42, reading.GetProperty("powerW").GetDouble());
    }

    [Fact]
    public async Task Coap_client_discovers_readings_in_well_known_core()
    {
        var (scope, port) = await StartAsync();
        await using var _ = scope;

        var (code, output) = await Libcoap.ClientAsync("-B", "20", $"coap://127.0.0.1:{port}/.well-known/core");

        Assert.Equal(0, code);
        Assert.Contains("</readings>;rt=\"smartmeter.readings\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_clear_codes_nothing_is_stored_and_the_server_keeps_answering()
    {
        var (scope, port) = await StartAsync();
        await using var _ = scope;

        var unknown = await PostAsync(port, "110", """[{"bn":"urn:dev:mac:ffff:","n":"power","u":"W","v":1}]""");
        var otherPlugin = await PostAsync(port, "110", """[{"bn":"house:","n":"power","u":"W","v":1}]""");
        var garbage = await PostAsync(port, "110", "not json");
        var noQuantity = await PostAsync(port, "110", $$"""[{"bn":"{{EvUrn}}:","n":"temp","u":"Cel","v":21}]""");
        var wrongFormat = await PostAsync(port, "0", "power=1");
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            await udp.SendAsync(Convert.FromHexString("4402123401020304BB72656164"), new IPEndPoint(IPAddress.Loopback, port)); // truncated
        }

        var good = await PostAsync(port, "110", $$"""[{"bn":"{{EvUrn}}:","n":"power","u":"W","v":5}]""");

        Assert.Contains("4.04", unknown.Output, StringComparison.Ordinal);
        Assert.Contains("4.03", otherPlugin.Output, StringComparison.Ordinal);
        Assert.Contains("4.00", garbage.Output, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", garbage.Output, StringComparison.Ordinal);
        Assert.Contains("4.00", noQuantity.Output, StringComparison.Ordinal);
        Assert.Contains("4.15", wrongFormat.Output, StringComparison.Ordinal);
        Assert.Contains("stored 1", good.Output, StringComparison.Ordinal);
        var stored = Assert.Single(await scope.Hub.AllReadingsAsync("ev"));
        Assert.Equal(5, stored.GetProperty("powerW").GetDouble());
        Assert.Empty(await scope.Hub.AllReadingsAsync("house"));
        Assert.True(await scope.Hub.ProblemCountAsync("coap", "unknown-meter") >= 2);
        Assert.True(await scope.Hub.ProblemCountAsync("coap", "malformed-payload") >= 3);
    }

    [Fact]
    public async Task Duplicate_message_id_gets_the_same_response_and_is_stored_once()
    {
        var (scope, port) = await StartAsync();
        await using var _ = scope;
        var payload = System.Text.Encoding.UTF8.GetBytes($$"""[{"bn":"{{EvUrn}}:","n":"power","u":"W","v":9}]""");

        // CON POST /readings, mid 0x4242, token 0x01, Uri-Path "readings", Content-Format 110, payload.
        byte[] datagram = [.. Convert.FromHexString("4102424201" + "B8" + "72656164696E6773" + "116E" + "FF"), .. payload];
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var hub = new IPEndPoint(IPAddress.Loopback, port);
        await udp.SendAsync(datagram, hub);
        var first = await udp.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await udp.SendAsync(datagram, hub);
        var second = await udp.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0x44, first.Buffer[1]); // 2.04 Changed
        Assert.Equal(0x4242, (first.Buffer[2] << 8) | first.Buffer[3]);
        Assert.Equal(first.Buffer, second.Buffer);
        Assert.Single(await scope.Hub.AllReadingsAsync("ev"));
        var health = await scope.Hub.GetJsonAsync("/health");
        Assert.Equal(1, health.GetProperty("plugins").GetProperty("coap").GetProperty("details").GetProperty("readingsStored").GetInt64());
    }

    [Fact]
    public async Task Observe_mode_follows_a_coap_server_resource_and_stores_each_notification()
    {
        await using var meter = await Libcoap.StartServerAsync("-d", "10");
        var url = $"coap://127.0.0.1:{meter.EndPoint.Port}/meter";
        var (code, _) = await Libcoap.ClientAsync("-B", "20", "-m", "put", "-t", "110", "-e", """[{"n":"power","u":"W","v":100}]""", url);
        Assert.Equal(0, code);

        var (scope, _) = await StartAsync(new JsonObject { ["Id"] = "heatpump", ["Plugin"] = "coap", ["Mode"] = "observe", ["Url"] = url });
        await using var __ = scope;
        await scope.Hub.EventuallyAsync(async () => (await scope.Hub.AllReadingsAsync("heatpump")).Count == 1, TimeSpan.FromSeconds(20), "the first observe response is stored");

        await Libcoap.ClientAsync("-B", "20", "-m", "put", "-t", "110", "-e", """[{"n":"power","u":"W","v":200}]""", url);
        await scope.Hub.EventuallyAsync(async () => (await scope.Hub.AllReadingsAsync("heatpump")).Count == 2, TimeSpan.FromSeconds(20), "the notification is stored");

        var readings = await scope.Hub.AllReadingsAsync("heatpump");
        Assert.Equal([100.0, 200.0], readings.Select(r => r.GetProperty("powerW").GetDouble()));
        var meters = await scope.Hub.GetJsonAsync("/api/meters");
        Assert.Contains(meters.EnumerateArray(), m => m.GetProperty("id").GetString() == "heatpump" && m.GetProperty("status").GetString() == "online");
    }
}
