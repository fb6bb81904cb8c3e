using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Plugins.Mqtt.Tests.HomeAssistant;

/// <summary>
/// Home Assistant MQTT discovery: retained sensor configs per meter, checked against HA's documented rules (a sensor
/// config needs state_topic; the energy dashboard needs device_class energy with state_class total/total_increasing
/// and a unit of Wh, kWh or MWh).
/// </summary>
public sealed class DiscoveryTests
{
    private static readonly Dictionary<string, (string StateClass, string[] Units)> s_allowed = new(StringComparer.Ordinal)
    {
        ["energy"] = ("total_increasing", ["Wh", "kWh", "MWh"]),
        ["power"] = ("measurement", ["W", "kW"]),
        ["voltage"] = ("measurement", ["V", "mV"]),
        ["current"] = ("measurement", ["A", "mA"]),
        ["frequency"] = ("measurement", ["Hz", "kHz"]),
    };

    [Fact]
    public async Task Mosquitto_sub_receives_a_valid_retained_config_for_each_quantity_of_each_meter()
    {
        // On by default: no Mqtt:HomeAssistant section at all.
        var config = HubConfig.Embedded()
            .Set("Mqtt:EmbeddedBroker:Users:0:Subscribe:1", "homeassistant/#");
        await using var hub = await PluginHost.StartAsync(config);

        var lines = await SubscribeAsync(hub.Port, "homeassistant/#", 12);

        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var topic = line[..space];
            topics.Add(topic);
            var parts = topic.Split('/');
            Assert.Equal(["homeassistant", "sensor"], parts[..2]);
            var meterId = parts[2]["smartmeter_".Length..];
            using var doc = JsonDocument.Parse(line[(space + 1)..]);
            var root = doc.RootElement;
            Assert.Equal($"smartmeter/{meterId}/state", root.GetProperty("state_topic").GetString());
            Assert.Equal($"smartmeter_{meterId}_{parts[3]}", root.GetProperty("unique_id").GetString());
            Assert.False(string.IsNullOrEmpty(root.GetProperty("name").GetString()));
            Assert.StartsWith("{{ value_json.", root.GetProperty("value_template").GetString(), StringComparison.Ordinal);
            var deviceClass = root.GetProperty("device_class").GetString()!;
            Assert.True(s_allowed.TryGetValue(deviceClass, out var allowed), deviceClass);
            Assert.Equal(allowed.StateClass, root.GetProperty("state_class").GetString());
            Assert.Contains(root.GetProperty("unit_of_measurement").GetString(), allowed.Units);
            Assert.Equal("all", root.GetProperty("availability_mode").GetString());
            Assert.Equal(
                ["smartmeter/hub/status", $"smartmeter/{meterId}/availability"],
                root.GetProperty("availability").EnumerateArray().Select(a => a.GetProperty("topic").GetString()));
            var device = root.GetProperty("device");
            Assert.Equal($"smartmeter_{meterId}", device.GetProperty("identifiers")[0].GetString());
            Assert.Equal("SmartMeter", device.GetProperty("manufacturer").GetString());
            Assert.False(string.IsNullOrEmpty(device.GetProperty("model").GetString()));
        }

        foreach (var meter in new[] { "house", "garage" })
        {
            foreach (var quantity in new[] { "energy_import", "energy_export", "power", "voltage", "current", "frequency" })
            {
                Assert.Contains($"homeassistant/sensor/smartmeter_{meter}/{quantity}/config", topics);
            }
        }
    }

    [Fact]
    public async Task Every_value_template_reads_a_number_from_the_published_state()
    {
        var feed = new ChannelOutputFeed();
        var config = HubConfig.Embedded()
            .Set("Mqtt:EmbeddedBroker:Users:0:Subscribe:1", "homeassistant/#");
        await using var hub = await PluginHost.StartAsync(config, feed);
        var reading = new Reading
        {
            MeterId = "house",
            Timestamp = DateTimeOffset.Parse("2026-11-25T10:00:00.000Z", CultureInfo.InvariantCulture),
            EnergyImportWh = 12345,
            EnergyExportWh = 678,
            PowerW = 1500,
            VoltageV = [230.5, 231, 229.5],
            CurrentA = [6.5, 2, 1],
            FrequencyHz = 50.02,
        };
        feed.Write(new ReadingOutput(1, reading, reading.Timestamp, true));

        var lines = await SubscribeAsync(hub.Port, "homeassistant/sensor/smartmeter_house/+/config", 6);
        var state = Assert.Single(await SubscribeAsync(hub.Port, "smartmeter/house/state", 1));
        using var stateJson = JsonDocument.Parse(state[(state.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(6, lines.Count);
        foreach (var line in lines)
        {
            using var config1 = JsonDocument.Parse(line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var template = config1.RootElement.GetProperty("value_template").GetString()!;

            // The two forms the hub writes: {{ value_json.F }} and {{ value_json.F[0] }} (phase 1).
            var expression = template["{{ value_json.".Length..^" }}".Length];
            var bracket = expression.IndexOf('[', StringComparison.Ordinal);
            var field = bracket < 0 ? expression : expression[..bracket];
            Assert.True(stateJson.RootElement.TryGetProperty(field, out var value), $"state has no '{field}' for {template}");
            if (bracket >= 0)
            {
                Assert.Equal("[0]", expression[bracket..]);
                value = value[0];
            }

            Assert.Equal(JsonValueKind.Number, value.ValueKind);
        }

        Assert.Equal(1500, stateJson.RootElement.GetProperty("powerW").GetDouble());
    }

    [Fact]
    public async Task An_invalid_reading_publishes_no_state_and_alerts_and_availability_follow_the_feed()
    {
        var feed = new ChannelOutputFeed();
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded(), feed);
        var info = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", hub.Port.ToString(CultureInfo.InvariantCulture), "-u", "viewer", "-P", HubConfig.ViewerPassword, "-q", "1", "-t", "smartmeter/#", "-v", "-W", "10" })
        {
            info.ArgumentList.Add(argument);
        }

        using var sub = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        try
        {
            // The retained hub status comes right after the SUBACK: from then on live messages reach this subscriber.
            Assert.Equal("smartmeter/hub/status online", await sub.StandardOutput.ReadLineAsync());
            var reading = new Reading { MeterId = "house", Timestamp = DateTimeOffset.UnixEpoch.AddDays(20000), PowerW = 5_000_000 };
            feed.Write(new ReadingOutput(7, reading, reading.Timestamp, false));
            feed.Write(new AlertOutput(3, reading.Timestamp, "invalid-reading", "house", "Invalid reading 7 from meter house: power too high.", 7, null));
            feed.Write(new MeterStatusOutput("house", MeterLinkState.Online, reading.Timestamp, null));

            // Had the invalid reading given a state, it would come before the alert (one connection keeps the order).
            var alert = await sub.StandardOutput.ReadLineAsync();
            var availability = await sub.StandardOutput.ReadLineAsync();
            Assert.StartsWith("smartmeter/alerts ", alert, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(alert!["smartmeter/alerts ".Length..]);
            Assert.Equal(3, json.RootElement.GetProperty("id").GetInt64());
            Assert.Equal("2024-10-04T00:00:00.000Z", json.RootElement.GetProperty("at").GetString());
            Assert.Equal("invalid-reading", json.RootElement.GetProperty("kind").GetString());
            Assert.Equal("house", json.RootElement.GetProperty("meterId").GetString());
            Assert.Equal(7, json.RootElement.GetProperty("readingId").GetInt64());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("plugin").ValueKind);
            Assert.Equal("smartmeter/house/availability online", availability);
        }
        finally
        {
            sub.Kill();
        }

        // Alerts are not retained; the availability is.
        var retained = await SubscribeAsync(hub.Port, "smartmeter/#", 3, waitSeconds: 2);
        Assert.Equal(["smartmeter/house/availability online", "smartmeter/hub/status online"], retained.Order(StringComparer.Ordinal));
        var health = hub.Services.GetServices<IOutputHealth>().Single(o => o.OutputName == "mqtt").Report();
        Assert.Equal(1L, health.Details["invalidReadingsNotPublished"]);
    }

    [Fact]
    public async Task Nothing_is_published_when_disabled()
    {
        var config = HubConfig.Embedded()
            .Set("Mqtt:EmbeddedBroker:Users:0:Subscribe:1", "homeassistant/#")
            .Set("Mqtt:HomeAssistant:Enabled", "false");
        await using var hub = await PluginHost.StartAsync(config);

        var lines = await SubscribeAsync(hub.Port, "homeassistant/#", 1, waitSeconds: 2);

        Assert.Empty(lines);
    }

    private static async Task<List<string>> SubscribeAsync(int port, string filter, int count, int waitSeconds = 10)
    {
        var info = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-u", "viewer", "-P", HubConfig.ViewerPassword,
                     "-t", filter, "-v", "-C", count.ToString(CultureInfo.InvariantCulture), "-W", waitSeconds.ToString(CultureInfo.InvariantCulture),
                 })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
