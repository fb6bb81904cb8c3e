using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>mosquitto_pub sending Tasmota and Shelly Gen2 payloads to the real hub's embedded broker.</summary>
public sealed class MqttFormatTests
{
    [Fact]
    public async Task Tasmota_sensor_and_shelly_notify_status_are_stored()
    {
        await using var scope = await HubScope.StartAsync(["house"], c => c with
        {
            OtherMeters =
            [
                new JsonObject { ["Id"] = "solar", ["Plugin"] = "mqtt", ["Password"] = "solar-secret", ["Format"] = "tasmota" },
                new JsonObject { ["Id"] = "pro", ["Plugin"] = "mqtt", ["Password"] = "pro-secret", ["Format"] = "shelly-gen2" },
            ],
        });

        await MosquittoClients.PublishAsync(scope.BrokerPort, "tele/solar/SENSOR",
            """{"Time":"2026-11-25T14:00:00","ENERGY":{"Total":1234.5,"Today":2.3,"Power":450,"Factor":0.94,"Voltage":231,"Current":2.07}}""",
            "solar", "solar-secret");
        await MosquittoClients.PublishAsync(scope.BrokerPort, "pro/events/rpc",
            """{"src":"shellypro3em-x","method":"NotifyStatus","params":{"ts":1764075600.5,"em:0":{"a_voltage":236.1,"total_act_power":715.5},"emdata:0":{"total_act":4836.28,"total_act_ret":2762.71}}}""",
            "pro", "pro-secret");

        await scope.Hub.EventuallyAsync(async () => (await scope.Hub.AllReadingsAsync("solar")).Count == 1 && (await scope.Hub.AllReadingsAsync("pro")).Count == 1,
            TimeSpan.FromSeconds(20), "both readings are stored");
        var solar = (await scope.Hub.AllReadingsAsync("solar"))[0];
        var pro = (await scope.Hub.AllReadingsAsync("pro"))[0];
        Assert.Equal(1_234_500, solar.GetProperty("energyImportWh").GetDouble());
        Assert.Equal(450, solar.GetProperty("powerW").GetDouble());
        Assert.Equal(715.5, pro.GetProperty("powerW").GetDouble());
        Assert.Equal(2762.71, pro.GetProperty("energyExportWh").GetDouble());
    }
}
