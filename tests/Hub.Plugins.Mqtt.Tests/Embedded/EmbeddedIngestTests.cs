using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.Tests.Embedded;

public sealed class EmbeddedIngestTests
{
    [Fact]
    public async Task Reading_published_with_MQTTnet_is_ingested_with_exact_values_and_marks_the_meter_online()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);

        var result = await client.PublishAsync("smartmeter/house/reading", MqttTestClient.ValidReading);

        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        var reading = Assert.Single(hub.Ingest.Stored);
        Assert.Equal("house", reading.MeterId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T07:22:00.123Z", System.Globalization.CultureInfo.InvariantCulture), reading.Timestamp);
        Assert.Equal(12345.5, reading.EnergyImportWh);
        Assert.Equal(10.25, reading.EnergyExportWh);
        Assert.Equal(-250.5, reading.PowerW);
        Assert.Equal([230.1, 231.2, 229.9], reading.VoltageV);
        Assert.Equal([1.5], reading.CurrentA);
        Assert.Equal(50.01, reading.FrequencyHz);
        Assert.Equal(42UL, reading.Seq);
        Assert.Equal(MeterLinkState.Online, hub.Status.Last("house"));
        Assert.Empty(hub.Problems.Problems);
        Assert.Empty(hub.Errors);
    }

    [Fact]
    public async Task Reading_published_with_mosquitto_pub_over_MQTT_311_QoS_1_is_ingested()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());

        var (exitCode, output) = await Peers.MosquittoPubAsync(Peers.Pub311(hub.Port, "garage", HubConfig.GaragePassword, "smartmeter/garage/reading", MqttTestClient.ValidReading));

        Assert.True(exitCode == 0, output);
        var reading = Assert.Single(hub.Ingest.Stored);
        Assert.Equal("garage", reading.MeterId);
        Assert.Equal(12345.5, reading.EnergyImportWh);
        Assert.Equal(42UL, reading.Seq);
        Assert.Empty(hub.Errors);
    }

    [Fact]
    public async Task Reading_without_timestamp_gets_the_hub_receive_time()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);

        await client.PublishAsync("smartmeter/house/reading", """{"powerW":5}""");

        var reading = Assert.Single(hub.Ingest.Stored);
        Assert.InRange(reading.Timestamp, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task QoS_0_reading_is_ingested_too()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword, MqttProtocolVersion.V311);

        await client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(7), MqttQualityOfServiceLevel.AtMostOnce);

        var reading = Assert.Single(await hub.Ingest.WaitForStoredAsync(1));
        Assert.Equal(7UL, reading.Seq);
    }

    [Fact]
    public async Task Malformed_JSON_is_reported_and_not_ingested()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());

        var (exitCode, output) = await Peers.MosquittoPubAsync(Peers.Pub311(hub.Port, "house", HubConfig.HousePassword, "smartmeter/house/reading", "{\"powerW\": 12,"));

        Assert.True(exitCode == 0, output);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.MalformedPayload);
        Assert.Equal("mqtt", problem.Plugin);
        Assert.Equal("house", problem.MeterId);
        Assert.Contains("not valid JSON", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("smartmeter/house/reading", problem.Source, StringComparison.Ordinal);
        Assert.Empty(hub.Ingest.Stored);
        Assert.Contains(hub.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("malformed-payload", StringComparison.Ordinal) && l.Message.Contains("house", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"powerW":"lots"}""", "powerW")]
    [InlineData("""{"energyImportWh":true}""", "energyImportWh")]
    [InlineData("""{"powerW":1,"seq":-3}""", "seq")]
    [InlineData("""{"powerW":1,"timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"powerW":1,"meterId":"garage"}""", "meterId")]
    public async Task Wrong_field_types_are_reported_naming_the_field(string payload, string field)
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);

        var result = await client.PublishAsync("smartmeter/house/reading", payload);

        // MQTT 5 says why in the PUBACK; the message is acknowledged because sending it again cannot help.
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.MalformedPayload);
        Assert.Contains(field, problem.Detail, StringComparison.Ordinal);
        Assert.Empty(hub.Ingest.Stored);
    }

    [Fact]
    public async Task Meter_password_can_come_from_the_credentials_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, ["# meters", "", "attic:attic:with-colon"]);
            var config = HubConfig.Embedded()
                .Set("Mqtt:EmbeddedBroker:CredentialsFile", file)
                .Meter("attic");
            await using var hub = await PluginHost.StartAsync(config);

            var (exitCode, output) = await Peers.MosquittoPubAsync(Peers.Pub311(hub.Port, "attic", "attic:with-colon", "smartmeter/attic/reading", MqttTestClient.Reading(1)));

            Assert.True(exitCode == 0, output);
            Assert.Equal("attic", Assert.Single(hub.Ingest.Stored).MeterId);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Meter_with_its_own_username_and_topic_publishes_there()
    {
        var config = HubConfig.Embedded().Meter("shed", ("Username", "shed-user"), ("Password", "pw"), ("Topic", "home/shed/energy"));
        await using var hub = await PluginHost.StartAsync(config);
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "shed-user", "pw");

        await client.PublishAsync("home/shed/energy", MqttTestClient.Reading(3));

        Assert.Equal("shed", Assert.Single(hub.Ingest.Stored).MeterId);
    }

    [Fact]
    public async Task Closing_the_meters_connection_marks_it_offline()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using (var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword))
        {
            await client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(1));
            Assert.Equal(MeterLinkState.Online, hub.Status.Last("house"));
            await client.DisconnectAsync();
        }

        await hub.Status.WaitForAsync("house", MeterLinkState.Offline);
        Assert.Contains(hub.Status.Changes, c => c.MeterId == "house" && c.Reason is { } reason && reason.Contains("connection closed", StringComparison.Ordinal));
    }
}
