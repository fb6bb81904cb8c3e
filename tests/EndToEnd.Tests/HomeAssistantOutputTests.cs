using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Plugins.Abstractions;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// The hub's MQTT output through the real hub and mosquitto_sub on its embedded broker: Home Assistant discovery
/// configs and the state they point at, for an mqtt meter and an http meter, with values equal to the stored reading.
/// </summary>
public sealed partial class HomeAssistantOutputTests
{
    private const string HeatToken = "heat-token-0123456789";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly string[] Quantities = ["energy_import", "energy_export", "power", "voltage", "current", "frequency"];

    [Fact]
    public async Task Mosquitto_sub_gets_discovery_and_the_stored_state_of_an_mqtt_and_an_http_meter()
    {
        await using var scope = await HubScope.StartAsync(["house"], c => c with
        {
            ViewerSubscribe = ["smartmeter/#", "homeassistant/#"],
            OtherMeters = [new JsonObject { ["Id"] = "heat", ["Plugin"] = "http", ["Token"] = HeatToken }],
        });
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        var house = Readings.Household("house", 1, start);
        var published = await MosquittoClients.PublishAsync(scope.BrokerPort, scope.Config.Meter("house"), Readings.Json(house));
        Assert.True(published.Succeeded, published.Output);
        var heat = Readings.Household("heat", 7, start) with { MeterId = "heat", PowerW = 2100, VoltageV = [230, 231, 232], CurrentA = [3, 3.5, 4] };
        using (var http = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{scope.Config.Url}/api/readings")
            {
                Content = new StringContent(Readings.Json(heat), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HeatToken);
            using var response = await http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        await using var sub = MosquittoSubscriber.Start(scope.BrokerPort, ["homeassistant/#", "smartmeter/#"], HubConfig.ViewerUsername, HubConfig.ViewerPassword);
        foreach (var meterId in new[] { "house", "heat" })
        {
            var state = await sub.LatestAsync($"smartmeter/{meterId}/state", Wait);
            var stored = Assert.Single(await scope.Hub.AllReadingsAsync(meterId));
            using var stateJson = JsonDocument.Parse(state.Payload);
            ReadingAssert.SameValues(ReadingJson.FromElement(stateJson.RootElement, meterId, start), stored);

            foreach (var quantity in Quantities)
            {
                var config = await sub.LatestAsync($"homeassistant/sensor/smartmeter_{meterId}/{quantity}/config", Wait);
                using var configJson = JsonDocument.Parse(config.Payload);
                var root = configJson.RootElement;
                Assert.Equal(state.Topic, root.GetProperty("state_topic").GetString());
                Assert.Equal(
                    ["smartmeter/hub/status", $"smartmeter/{meterId}/availability"],
                    root.GetProperty("availability").EnumerateArray().Select(a => a.GetProperty("topic").GetString()));

                // What Home Assistant's template would read from the state: it must be a number equal to the stored field.
                var value = TemplateValue(root.GetProperty("value_template").GetString()!, stateJson.RootElement);
                var (field, index) = TemplateField(root.GetProperty("value_template").GetString()!);
                var expected = index is { } i ? stored.GetProperty(field)[i] : stored.GetProperty(field);
                Assert.Equal(expected.GetDouble(), value);
            }
        }

        Assert.Equal("online", (await sub.LatestAsync("smartmeter/hub/status", Wait)).Payload);
        // The push marked heat online; the status board is compared every second, so "online" follows "offline" (unknown at start).
        // (A subscriber that arrives just as the change is published can miss it; the hub sends every status again every 10 s.)
        await sub.WaitForAsync(m => m.Topic == "smartmeter/heat/availability" && m.Payload == "online", Wait, "heat online");
        await Eventually.HoldsAsync(
            async () => (await sub.LatestAsync("smartmeter/heat/availability", Wait)).Payload == "online", Wait, "heat's newest availability online");
        var health = await scope.Hub.GetJsonAsync("/health");
        Assert.Equal("publishing", health.GetProperty("outputs").GetProperty("mqtt").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_invalid_reading_gets_an_alert_on_smartmeter_alerts_and_no_state()
    {
        await using var scope = await HubScope.StartAsync("house");
        var meter = scope.Config.Meter("house");
        await using var sub = MosquittoSubscriber.Start(scope.BrokerPort, ["smartmeter/alerts", "smartmeter/house/state", "smartmeter/hub/status"], HubConfig.ViewerUsername, HubConfig.ViewerPassword);

        // The retained hub status arrives after the SUBACK: from then on the alert topic is subscribed too.
        await sub.LatestAsync("smartmeter/hub/status", Wait);
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        var valid = Readings.Household("house", 1, start);
        Assert.Equal(0, (await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(valid))).ExitCode);
        await sub.WaitForAsync(m => m.Topic == "smartmeter/house/state", Wait, "the state of the valid reading");
        var invalid = Readings.Household("house", 2, start) with { PowerW = 5_000_000 };
        Assert.Equal(0, (await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(invalid))).ExitCode);

        var alert = await sub.WaitForAsync(m => m.Topic == "smartmeter/alerts", Wait, "an alert");
        var stored = await scope.Hub.AllReadingsAsync("house");
        var invalidStored = Assert.Single(stored, r => !r.GetProperty("valid").GetBoolean());
        using var alertJson = JsonDocument.Parse(alert.Payload);
        var root = alertJson.RootElement;
        Assert.Equal("invalid-reading", root.GetProperty("kind").GetString());
        Assert.Equal("house", root.GetProperty("meterId").GetString());
        Assert.Equal(invalidStored.GetProperty("id").GetInt64(), root.GetProperty("readingId").GetInt64());
        var apiAlert = Assert.Single(await scope.Hub.AlertsAsync());
        Assert.Equal(apiAlert.GetProperty("id").GetInt64(), root.GetProperty("id").GetInt64());
        Assert.Equal(apiAlert.GetProperty("message").GetString(), root.GetProperty("message").GetString());
        Assert.Equal(apiAlert.GetProperty("at").GetString(), root.GetProperty("at").GetString());

        // The state stays the valid reading: one state message only, and the invalid one was counted as not published.
        await scope.Hub.EventuallyAsync(
            async () => (await scope.Hub.GetJsonAsync("/health")).GetProperty("outputs").GetProperty("mqtt").GetProperty("details").GetProperty("invalidReadingsNotPublished").GetInt64() == 1,
            Wait,
            "the invalid reading counted as not published");
        var state = Assert.Single(sub.Messages, m => m.Topic == "smartmeter/house/state");
        using var stateJson = JsonDocument.Parse(state.Payload);
        Assert.Equal(valid.EnergyImportWh, stateJson.RootElement.GetProperty("energyImportWh").GetDouble());
        Assert.Equal(valid.PowerW, stateJson.RootElement.GetProperty("powerW").GetDouble());
    }

    [Fact]
    public async Task With_an_external_broker_state_reaches_it_and_its_last_will_says_offline_when_the_hub_is_killed()
    {
        await using var mosquitto = await Mosquitto.StartAsync();
        var clientId = $"hub-{Guid.NewGuid():N}"[..16];
        await using var scope = await HubScope.StartAsync(["house"], c => c with { External = new ExternalBroker("127.0.0.1", mosquitto.Port, clientId) });
        await using var sub = MosquittoSubscriber.Start(mosquitto.Port, ["smartmeter/#", "homeassistant/#"]);
        Assert.Equal("online", (await sub.LatestAsync("smartmeter/hub/status", Wait)).Payload);
        await sub.WaitForAsync(m => m.Topic == "homeassistant/sensor/smartmeter_house/power/config", Wait, "the discovery config on the external broker");

        var reading = Readings.Household("house", 1, TimeProvider.System.GetUtcNow().AddMinutes(-5)) with { PowerW = 777 };
        Assert.True((await MosquittoClients.PublishAsync(scope.BrokerPort, scope.Config.Meter("house"), Readings.Json(reading))).Succeeded);
        var state = await sub.LatestAsync("smartmeter/house/state", Wait);
        using (var json = JsonDocument.Parse(state.Payload))
        {
            ReadingAssert.SameValues(ReadingJson.FromElement(json.RootElement, "house", reading.Timestamp), Assert.Single(await scope.Hub.AllReadingsAsync("house")));
            Assert.Equal(777, json.RootElement.GetProperty("powerW").GetDouble());
        }

        // kill -9: no goodbye from the hub; mosquitto publishes the will of the hub's output connection.
        await scope.Hub.KillHardAsync();
        await sub.WaitForAsync(m => m.Topic == "smartmeter/hub/status" && m.Payload == "offline", Wait, "the hub's last will on the external broker");

        // Retained: a subscriber that comes later still learns the hub is offline and the last state.
        await using var late = MosquittoSubscriber.Start(mosquitto.Port, ["smartmeter/hub/status", "smartmeter/house/state"]);
        Assert.Equal("offline", (await late.LatestAsync("smartmeter/hub/status", Wait)).Payload);
        Assert.Equal(state.Payload, (await late.LatestAsync("smartmeter/house/state", Wait)).Payload);
    }

    /// <summary>Evaluates the only template forms the hub writes: <c>{{ value_json.F }}</c> and <c>{{ value_json.F[0] }}</c>.</summary>
    private static double TemplateValue(string template, JsonElement state)
    {
        var (field, index) = TemplateField(template);
        Assert.True(state.TryGetProperty(field, out var value), $"the state has no '{field}' for {template}: {state}");
        if (index is { } i)
        {
            Assert.True(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > i, $"'{field}' has no element {i}: {state}");
            value = value[i];
        }

        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        return value.GetDouble();
    }

    private static (string Field, int? Index) TemplateField(string template)
    {
        var match = TemplatePattern().Match(template);
        Assert.True(match.Success, $"unexpected value_template: {template}");
        return (match.Groups[1].Value, match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"^\{\{ value_json\.([A-Za-z]+)(?:\[(\d+)\])? \}\}$")]
    private static partial Regex TemplatePattern();
}
