using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hub.Plugins.Mqtt.Tests.Infrastructure;

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
        var config = HubConfig.Embedded()
            .Set("Mqtt:EmbeddedBroker:Users:0:Subscribe:1", "homeassistant/#")
            .Set("Mqtt:HomeAssistant:Enabled", "true");
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
    public async Task Nothing_is_published_unless_enabled()
    {
        // Off by default until the hub publishes the state topic the configs point at.
        var config = HubConfig.Embedded()
            .Set("Mqtt:EmbeddedBroker:Users:0:Subscribe:1", "homeassistant/#");
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
