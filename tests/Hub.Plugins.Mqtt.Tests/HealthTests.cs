using Hub.Plugins.Mqtt.Tests.Infrastructure;

namespace Hub.Plugins.Mqtt.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_reports_listening_with_port_and_connected_clients()
    {
        await using var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        using var house = await MqttTestClient.ConnectAsync(hub.Port, "house", HubConfig.HousePassword);
        using var viewer = await MqttTestClient.ConnectAsync(hub.Port, "viewer", HubConfig.ViewerPassword);
        await house.PublishAsync("smartmeter/house/reading", MqttTestClient.Reading(1));

        var report = hub.Health.Report();

        Assert.True(report.Healthy);
        Assert.Equal("listening", report.Status);
        Assert.InRange(hub.Port, 1, 65535);
        Assert.Equal(2, report.Details["connectedClients"]);
        Assert.Equal(1L, report.Details["readingsStored"]);
        Assert.Equal("mqtt", hub.Health.PluginName);
    }

    [Fact]
    public async Task Health_reports_stopped_after_the_host_stops()
    {
        var hub = await PluginHost.StartAsync(HubConfig.Embedded());
        await using (hub)
        {
            await hub.StopAsync();

            var report = hub.Health.Report();

            Assert.False(report.Healthy);
            Assert.Equal("stopped", report.Status);
        }
    }
}
