using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Tests.Infrastructure;

namespace Hub.Plugins.Mqtt.Tests.External;

/// <summary>Meters with "Broker": "external" read through a real mosquitto the test starts.</summary>
public sealed class ExternalBrokerTests
{
    private static HubConfig ExternalConfig(MosquittoBroker broker, string clientId) =>
        new HubConfig()
            .Set("Mqtt:External:Host", "127.0.0.1")
            .Set("Mqtt:External:Port", broker.Port.ToString(CultureInfo.InvariantCulture))
            .Set("Mqtt:External:ClientId", clientId)
            .Meter("garage", ("Broker", "external"), ("Topic", "smartmeter/garage/reading"))
            .Meter("barn", ("Broker", "external"), ("Topic", "farm/barn/energy"));

    private static string[] Pub(MosquittoBroker broker, string topic, string message) =>
        ["-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv311", "-q", "1", "-t", topic, "-m", message];

    private static async Task WaitConnectedAsync(PluginHost hub) =>
        await Eventually.HoldsAsync(() => hub.Health.Report().Status == "connected", "the external broker to be connected");

    [Fact]
    public async Task Readings_published_to_mosquitto_are_ingested()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await PluginHost.StartAsync(ExternalConfig(broker, $"hub-{Guid.NewGuid():N}"));
        await WaitConnectedAsync(hub);

        var garage = await Peers.MosquittoPubAsync(Pub(broker, "smartmeter/garage/reading", MqttTestClient.ValidReading));
        var barn = await Peers.MosquittoPubAsync(Pub(broker, "farm/barn/energy", MqttTestClient.Reading(3, 77.5)));

        Assert.True(garage.ExitCode == 0, garage.Output);
        Assert.True(barn.ExitCode == 0, barn.Output);
        var readings = await hub.Ingest.WaitForStoredAsync(2);
        var g = Assert.Single(readings, r => r.MeterId == "garage");
        Assert.Equal(12345.5, g.EnergyImportWh);
        Assert.Equal(42UL, g.Seq);
        Assert.Equal(77.5, Assert.Single(readings, r => r.MeterId == "barn").EnergyImportWh);
        await hub.Status.WaitForAsync("garage", MeterLinkState.Online);
        var report = hub.Health.Report();
        Assert.True(report.Healthy);
        Assert.Equal(true, report.Details["externalBrokerConnected"]);
        Assert.Empty(hub.Errors);
    }

    [Fact]
    public async Task Readings_published_while_the_hub_was_down_are_delivered_by_the_persistent_session()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var config = ExternalConfig(broker, $"hub-{Guid.NewGuid():N}");
        await using (var first = await PluginHost.StartAsync(config))
        {
            await WaitConnectedAsync(first);
        }

        var published = await Peers.MosquittoPubAsync(Pub(broker, "smartmeter/garage/reading", MqttTestClient.Reading(11)));
        Assert.True(published.ExitCode == 0, published.Output);

        await using var second = await PluginHost.StartAsync(config);
        var reading = Assert.Single(await second.Ingest.WaitForStoredAsync(1));
        Assert.Equal(11UL, reading.Seq);
    }

    [Fact]
    public async Task A_reading_that_failed_to_store_is_not_acknowledged_and_comes_again()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var ingest = new TestIngest();
        ingest.FailNext(new IngestClosedException());
        await using var hub = await PluginHost.StartAsync(ExternalConfig(broker, $"hub-{Guid.NewGuid():N}"), ingest);
        await WaitConnectedAsync(hub);

        var published = await Peers.MosquittoPubAsync(Pub(broker, "smartmeter/garage/reading", MqttTestClient.Reading(21)));

        Assert.True(published.ExitCode == 0, published.Output);
        var reading = Assert.Single(await hub.Ingest.WaitForStoredAsync(1));
        Assert.Equal(21UL, reading.Seq);
        Assert.Equal(2, hub.Ingest.Calls);
    }

    [Fact]
    public async Task Malformed_message_on_an_external_meter_topic_is_reported()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await PluginHost.StartAsync(ExternalConfig(broker, $"hub-{Guid.NewGuid():N}"));
        await WaitConnectedAsync(hub);

        await Peers.MosquittoPubAsync(Pub(broker, "farm/barn/energy", """{"powerW":[1,2,3,4]}"""));

        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.MalformedPayload);
        Assert.Equal("barn", problem.MeterId);
        Assert.Contains("powerW", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("farm/barn/energy", problem.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lost_broker_marks_meters_offline_and_the_client_reconnects_when_it_is_back()
    {
        var broker = await MosquittoBroker.StartAsync();
        var port = broker.Port;
        await using var hub = await PluginHost.StartAsync(ExternalConfig(broker, $"hub-{Guid.NewGuid():N}"));
        await WaitConnectedAsync(hub);

        await broker.DisposeAsync();
        await hub.Status.WaitForAsync("garage", MeterLinkState.Offline);
        Assert.Equal("disconnected", hub.Health.Report().Status);

        await using var again = await MosquittoBroker.StartAsync(port);
        await WaitConnectedAsync(hub);
        var published = await Peers.MosquittoPubAsync(Pub(again, "smartmeter/garage/reading", MqttTestClient.Reading(31)));

        Assert.True(published.ExitCode == 0, published.Output);
        Assert.Equal(31UL, Assert.Single(await hub.Ingest.WaitForStoredAsync(1)).Seq);
        await hub.Status.WaitForAsync("garage", MeterLinkState.Online);
    }

    [Fact]
    public async Task Unreachable_broker_is_reported_disconnected_and_its_meters_offline()
    {
        var port = Peers.FreePort();
        var config = new HubConfig()
            .Set("Mqtt:External:Host", "127.0.0.1")
            .Set("Mqtt:External:Port", port.ToString(CultureInfo.InvariantCulture))
            .Meter("garage", ("Broker", "external"));
        await using var hub = await PluginHost.StartAsync(config);

        await hub.Status.WaitForAsync("garage", MeterLinkState.Offline);
        var report = hub.Health.Report();
        Assert.False(report.Healthy);
        Assert.Equal("disconnected", report.Status);
        Assert.Equal(false, report.Details["externalBrokerConnected"]);
    }
}
