using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.Tests.Embedded;

/// <summary>At least once: a QoS 1 PUBLISH is acknowledged only after IngestAsync returned a durable outcome.</summary>
public sealed class AcknowledgementTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfServiceLevel.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfServiceLevel.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfServiceLevel.ExactlyOnce)]
    public async Task PUBACK_is_not_sent_before_ingest_completes(MqttProtocolVersion version, MqttQualityOfServiceLevel qos)
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword, version);
        hub.Ingest.Hold();

        // For QoS 2 the PUBREC is held the same way.
        var publish = client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(1), qos);
        await Eventually.HoldsAsync(() => hub.Ingest.Calls == 1, "the reading to reach ingest");
        await Task.Delay(300);

        Assert.False(publish.IsCompleted, "the client got its PUBACK while the reading was not yet durable");
        Assert.Empty(hub.Ingest.Stored);

        hub.Ingest.Release();
        var result = await publish.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        Assert.Single(hub.Ingest.Stored);
    }

    [Fact]
    public async Task Mosquitto_pub_does_not_finish_before_ingest_completes()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        hub.Ingest.Hold();

        using var pub = Peers.StartMosquittoPub(Peers.Pub311(hub.Port, "house", HubConfig.HousePassword, "smartmeter/house/reading", MqttTestClient.Reading(1)));
        await Eventually.HoldsAsync(() => hub.Ingest.Calls == 1, "the reading to reach ingest");
        await Task.Delay(300);

        Assert.False(pub.HasExited, "mosquitto_pub finished (got its PUBACK) while the reading was not yet durable");

        hub.Ingest.Release();
        var (exitCode, output) = await Peers.WaitAsync(pub, TimeSpan.FromSeconds(10));
        Assert.True(exitCode == 0, output);
        Assert.Single(hub.Ingest.Stored);
    }

    [Fact]
    public async Task Ingest_closed_means_no_PUBACK_and_the_connection_is_closed()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);
        hub.Ingest.FailNext(new IngestClosedException());

        var publish = client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(1));

        // No PUBACK ever comes: the broker closes the connection instead, and the client's publish fails.
        await Assert.ThrowsAnyAsync<Exception>(() => publish.WaitAsync(TimeSpan.FromSeconds(10)));
        await Eventually.HoldsAsync(() => !client.IsConnected, "the client to be disconnected");
        Assert.Empty(hub.Ingest.Stored);
        Assert.Contains(hub.Logs.Lines, l => l.Message.Contains("without acknowledging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mosquitto_pub_gets_no_PUBACK_when_ingest_fails_and_its_retry_is_stored()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        hub.Ingest.FailNext(new InvalidOperationException("disk full"));
        var arguments = Peers.Pub311(hub.Port, "house", HubConfig.HousePassword, "smartmeter/house/reading", MqttTestClient.Reading(5));

        var failed = await Peers.MosquittoPubAsync(arguments);

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("connection was lost", failed.Output, StringComparison.Ordinal);
        Assert.Empty(hub.Ingest.Stored);
        Assert.Contains(hub.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Exception?.Message == "disk full");

        // The meter sends the same reading again; now it is stored and acknowledged.
        var retried = await Peers.MosquittoPubAsync(arguments);

        Assert.True(retried.ExitCode == 0, retried.Output);
        Assert.Equal(5UL, Assert.Single(hub.Ingest.Stored).Seq);
        Assert.Equal(1L, hub.Health.Report().Details["ingestFailures"]);
    }

    [Fact]
    public async Task Later_PUBACKs_wait_for_an_earlier_reading_and_come_in_order()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = new MqttClientFactory().CreateMqttClient();
        var published = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<int>();
        client.InspectPacketAsync += e =>
        {
            // MQTT 3.1.1 on the wire: PUBLISH QoS 1 = 0x32 .., PUBACK = 0x40 0x02 id id (§3.3, §3.4).
            var b = e.Buffer;
            if (e.Direction == MQTTnet.Diagnostics.PacketInspection.MqttPacketFlowDirection.Outbound && b[0] == 0x32)
            {
                var topicLength = (b[2] << 8) | b[3];
                published.Enqueue((b[4 + topicLength] << 8) | b[5 + topicLength]);
            }
            else if (e.Direction == MQTTnet.Diagnostics.PacketInspection.MqttPacketFlowDirection.Inbound && b[0] == 0x40)
            {
                acknowledged.Enqueue((b[2] << 8) | b[3]);
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(MqttTestClient.Options(hub.Port, "house", HubConfig.HousePassword, MqttProtocolVersion.V311));
        hub.Ingest.Hold();

        var first = client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(1));
        await Eventually.HoldsAsync(() => hub.Ingest.Calls == 1, "the first reading to reach ingest");
        var rest = Enumerable.Range(2, 20).Select(i => client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading((ulong)i))).ToList();
        await Eventually.HoldsAsync(() => hub.Ingest.Calls == 21, "all readings to reach ingest");
        await Task.Delay(200);

        Assert.Empty(acknowledged);
        Assert.All(rest, p => Assert.False(p.IsCompleted));

        hub.Ingest.Release();
        var results = await Task.WhenAll(rest.Prepend(first)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.Equal(MqttClientPublishReasonCode.Success, r.ReasonCode));
        Assert.Equal(published, acknowledged);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (ulong)i), hub.Ingest.Received.Select(r => r.Seq!.Value));
    }

    [Fact]
    public async Task Readings_of_one_connection_are_ingested_concurrently_so_the_store_can_batch_them()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded(), new TestIngest { CommitDelay = TimeSpan.FromMilliseconds(50) });
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);

        var results = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading((ulong)i))));

        Assert.All(results, r => Assert.Equal(MqttClientPublishReasonCode.Success, r.ReasonCode));
        Assert.Equal(50, hub.Ingest.Stored.Count);
        Assert.True(hub.Ingest.MaxInFlight > 10, $"only {hub.Ingest.MaxInFlight} ingest call(s) of one connection were in flight at once");
    }

    [Fact]
    public async Task A_duplicate_is_durable_and_acknowledged()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);

        var first = await client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(9));
        var again = await client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(9));

        Assert.Equal(MqttClientPublishReasonCode.Success, first.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, again.ReasonCode);
        Assert.Single(hub.Ingest.Stored);
        Assert.Equal(1L, hub.Health.Report().Details["duplicates"]);
    }
}
