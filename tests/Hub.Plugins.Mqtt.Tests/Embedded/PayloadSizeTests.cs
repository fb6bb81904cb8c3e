using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Tests.Infrastructure;
using MQTTnet;

namespace Hub.Plugins.Mqtt.Tests.Embedded;

public sealed class PayloadSizeTests
{
    [Fact]
    public async Task Ten_megabyte_payload_is_refused_unread_and_the_broker_keeps_serving_others()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var garage = await MqttTestClient.ConnectAsync(hub.Port, "garage", HubConfig.GaragePassword);
        using var house = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);
        var huge = new byte[10 * 1024 * 1024];
        huge.AsSpan().Fill((byte)' ');

        var message = new MqttApplicationMessageBuilder().WithTopic("smartmeter/house/reading").WithPayload(huge)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await Assert.ThrowsAnyAsync<Exception>(() => house.PublishAsync(message).WaitAsync(TimeSpan.FromSeconds(10)));

        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.PayloadTooLarge);
        Assert.Equal("house", problem.MeterId);
        Assert.Contains("10485", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("MaxPayloadBytes", problem.Detail, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => !house.IsConnected, "the oversized client to be disconnected");

        var result = await garage.PublishAsync("smartmeter/garage/reading", MqttTestClient.Reading(1));
        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        Assert.Equal("garage", Assert.Single(hub.Ingest.Stored).MeterId);
        Assert.True(hub.Health.Report().Healthy);
    }

    [Fact]
    public async Task Payload_just_over_the_limit_is_refused_but_the_connection_stays()
    {
        var config = HubConfig.Embedded().Set("Mqtt:EmbeddedBroker:MaxPayloadBytes", "1000");
        await using var hub = await PluginHost.StartAsync(config);
        using var house = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);
        var padded = "{\"powerW\":1,\"pad\":\"" + new string('x', 1200) + "\"}";

        var refused = await house.PublishAsync("smartmeter/house/reading", padded);
        var fine = await house.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(2));

        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, fine.ReasonCode);
        var problem = await hub.Problems.WaitForAsync(IngestProblemKind.PayloadTooLarge);
        Assert.Contains("1000", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(2UL, Assert.Single(hub.Ingest.Stored).Seq);
    }
}
