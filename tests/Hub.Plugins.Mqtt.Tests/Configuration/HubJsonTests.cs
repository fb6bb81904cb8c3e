using System.Globalization;
using Hub.Plugins.Mqtt.Tests.Infrastructure;

namespace Hub.Plugins.Mqtt.Tests.Configuration;

/// <summary>The hub.json of the contract (COMMON.md), read by the JSON provider, runs both brokers.</summary>
public sealed class HubJsonTests
{
    [Fact]
    public async Task Contract_hub_json_runs_the_embedded_broker_and_the_external_client()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        var json = """
            {
              "Mqtt": {
                "EmbeddedBroker": { "Port": 0, "BindAddress": "127.0.0.1", "AllowAnonymous": false, "MaxPayloadBytes": 65536,
                                    "CredentialsFile": null,
                                    "Users": [ { "Username": "viewer", "Password": "pw", "Subscribe": [ "smartmeter/#" ] } ] },
                "External": { "Host": "127.0.0.1", "Port": EXTERNAL_PORT, "ClientId": "smartmeter-hub-json-test", "Username": null, "Password": null }
              },
              "Meters": [
                { "Id": "house",  "Plugin": "mqtt", "Password": "house-secret" },
                { "Id": "garage", "Plugin": "mqtt", "Broker": "external", "Topic": "smartmeter/garage/reading" }
              ]
            }
            """.Replace("EXTERNAL_PORT", mosquitto.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await using var hub = await PluginHost.StartAsync(json);
        await Eventually.HoldsAsync(() => hub.Health.Report().Details["externalBrokerConnected"] is true, "the external broker to be connected");

        var house = await Peers.MosquittoPubAsync(Peers.Pub311(hub.Port, "house", "house-secret", "smartmeter/house/reading", MqttTestClient.Reading(1)));
        var garage = await Peers.MosquittoPubAsync(
            ["-h", "127.0.0.1", "-p", mosquitto.Port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", "smartmeter/garage/reading", "-m", MqttTestClient.Reading(2)]);

        Assert.True(house.ExitCode == 0, house.Output);
        Assert.True(garage.ExitCode == 0, garage.Output);
        var readings = await hub.Ingest.WaitForStoredAsync(2);
        Assert.Equal(["garage", "house"], readings.Select(r => r.MeterId).Order());
        var report = hub.Health.Report();
        Assert.True(report.Healthy);
        Assert.Equal("listening", report.Status);
    }

    [Fact]
    public async Task Null_brokers_in_hub_json_switch_both_off()
    {
        await using var hub = await PluginHost.StartAsync("""{ "Mqtt": { "EmbeddedBroker": null, "External": null }, "Meters": [] }""");

        var report = hub.Health.Report();

        Assert.Equal("disabled", report.Status);
        Assert.False(report.Details.ContainsKey("port"));
        Assert.False(report.Details.ContainsKey("externalBroker"));
    }
}
