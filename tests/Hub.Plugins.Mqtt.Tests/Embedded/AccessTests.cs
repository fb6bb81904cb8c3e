using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.Tests.Embedded;

/// <summary>Each meter is its own user on its own topic; users may only subscribe; anonymous only when allowed.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Wrong_password_is_refused_and_reported(MqttProtocolVersion version)
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = new MqttClientFactory().CreateMqttClient();

        var refused = await client.ConnectAsync(MqttTestClient.Options(hub.Port, "house", "guess", version));

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.ResultCode);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.AuthenticationFailed);
        Assert.Equal("house", problem.MeterId);
        Assert.Contains("wrong password", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", problem.Source, StringComparison.Ordinal);
        Assert.Contains(hub.Logs.Lines, l => l.Message.Contains("authentication-failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_user_is_refused_for_mosquitto_pub_and_reported()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());

        var (exitCode, output) = await Peers.MosquittoPubAsync(Peers.Pub311(hub.Port, "mallory", "x", "smartmeter/house/reading", MqttTestClient.Reading(1)));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("bad user name or password", output, StringComparison.OrdinalIgnoreCase);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.AuthenticationFailed);
        Assert.Null(problem.MeterId);
        Assert.Contains("unknown user 'mallory'", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(hub.Ingest.Stored);
    }

    [Fact]
    public async Task Anonymous_client_is_refused_unless_allowed()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var client = new MqttClientFactory().CreateMqttClient();

        var refused = await client.ConnectAsync(MqttTestClient.Options(hub.Port, null, null));

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, refused.ResultCode);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.AuthenticationFailed);
        Assert.Contains("AllowAnonymous", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_client_may_publish_for_a_meter_without_password_when_allowed()
    {
        var config = HubConfig.Embedded().Set("Mqtt:EmbeddedBroker:AllowAnonymous", "true").Meter("open");
        await using var hub = await PluginHost.StartAsync(config);
        using var client = await MqttTestClient.ConnectAsync(hub.Port, null, null);

        var open = await client.PublishAsync("smartmeter/open/reading", MqttTestClient.Reading(1));
        var guarded = await client.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(1));
        var unknown = await client.PublishAsync("smartmeter/nobody/reading", MqttTestClient.Reading(1));

        Assert.Equal(MqttClientPublishReasonCode.Success, open.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, guarded.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, unknown.ReasonCode);
        Assert.Equal("open", Assert.Single(hub.Ingest.Stored).MeterId);
        await hub.Problems.WaitForAsync(IngestProblemKind.TopicNotAllowed, p => p.Detail.Contains("'house'", StringComparison.Ordinal));
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.UnknownMeter);
        Assert.Contains("smartmeter/nobody/reading", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_on_another_meters_topic_is_refused_reported_and_not_forwarded()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var viewer = await MqttTestClient.ConnectAsync(hub.Port, "viewer", HubConfig.ViewerPassword);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        viewer.ApplicationMessageReceivedAsync += e =>
        {
            seen.Enqueue(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await viewer.SubscribeAsync("smartmeter/#", MqttQualityOfServiceLevel.AtLeastOnce);
        using var house = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);

        var spoofed = await house.PublishAsync("smartmeter/garage/reading", MqttTestClient.Reading(1));
        var own = await house.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(2));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, spoofed.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.TopicNotAllowed);
        Assert.Equal("house", problem.MeterId);
        Assert.Contains("smartmeter/garage/reading", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(2UL, Assert.Single(hub.Ingest.Stored).Seq);
        await Eventually.HoldsAsync(() => seen.Contains("smartmeter/house/reading"), "the viewer to get the house reading");
        Assert.DoesNotContain("smartmeter/garage/reading", seen);
    }

    [Fact]
    public async Task Mosquitto_pub_on_another_meters_topic_is_reported_and_not_ingested()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());

        var (exitCode, output) = await Peers.MosquittoPubAsync(Peers.Pub311(hub.Port, "house", HubConfig.HousePassword, "smartmeter/garage/reading", MqttTestClient.Reading(1)));

        // MQTT 3.1.1 has no negative PUBACK: the broker acknowledges and drops it (§3.3.5), and reports it.
        Assert.True(exitCode == 0, output);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.TopicNotAllowed);
        Assert.Equal("house", problem.MeterId);
        Assert.Empty(hub.Ingest.Stored);
    }

    [Fact]
    public async Task Viewer_may_subscribe_within_its_filters_only_and_may_not_publish()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var viewer = await MqttTestClient.ConnectAsync(hub.Port, "viewer", HubConfig.ViewerPassword);

        var allowed = await viewer.SubscribeAsync("smartmeter/+/reading", MqttQualityOfServiceLevel.AtLeastOnce);
        var everything = await viewer.SubscribeAsync("#", MqttQualityOfServiceLevel.AtLeastOnce);
        var publish = await viewer.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(1));

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(allowed.Items).ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(everything.Items).ResultCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, publish.ReasonCode);
        Assert.Empty(hub.Ingest.Stored);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.TopicNotAllowed, p => p.Detail.Contains("may only subscribe", StringComparison.Ordinal));
        Assert.Null(problem.MeterId);
    }
}
