using System.Globalization;
using Hub.Plugins.Abstractions;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>Readings arrive over MQTT (embedded broker, external broker, meter firmware) and come out of /api/readings.</summary>
public sealed class MqttIngestTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task MosquittoPub_ToEmbeddedBroker_ReadingIsServedWithExactValues()
    {
        await using var scope = await HubScope.StartAsync("house");
        var reading = new Reading
        {
            MeterId = "house",
            Timestamp = ReadingJson.TruncateToMilliseconds(TimeProvider.System.GetUtcNow().AddSeconds(-5)),
            EnergyImportWh = 12345.6,
            EnergyExportWh = 78.9,
            PowerW = -432.1,
            VoltageV = [230.4, 231.0, 229.8],
            CurrentA = [1.5, 2.25, 0.75],
            FrequencyHz = 49.98,
            Seq = 42,
        };

        var published = await MosquittoClients.PublishAsync(scope.BrokerPort, scope.Config.Meter("house"), Readings.Json(reading));

        Assert.True(published.Succeeded, $"mosquitto_pub failed: {published.Output}\nhub log:\n{scope.Hub.Log}");
        IReadOnlyList<System.Text.Json.JsonElement> stored = [];
        await scope.Hub.EventuallyAsync(
            async () => (stored = await scope.Hub.AllReadingsAsync("house")).Count > 0,
            Soon,
            "the reading is served by /api/readings?meter=house");
        var only = Assert.Single(stored);
        ReadingAssert.SameValues(reading, only);
        Assert.True(only.GetProperty("valid").GetBoolean(), $"a plausible reading must be valid: {only}");
    }

    [Fact]
    public async Task SameReadingPublishedTwice_IsStoredOnce()
    {
        await using var scope = await HubScope.StartAsync("house");
        var meter = scope.Config.Meter("house");
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-10);
        var first = Readings.Household("house", 7, start);
        var next = Readings.Household("house", 8, start);

        // QoS 1 redelivery as a meter does it after a lost PUBACK: the same payload, the same seq.
        var a = await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(first));
        var b = await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(first));
        var c = await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(next));

        Assert.True(a.Succeeded && b.Succeeded && c.Succeeded, $"every publish, the duplicate too, must be acknowledged: {a}\n{b}\n{c}\nhub log:\n{scope.Hub.Log}");
        IReadOnlyList<System.Text.Json.JsonElement> stored = [];
        await scope.Hub.EventuallyAsync(
            async () => (stored = await scope.Hub.AllReadingsAsync("house")).Any(r => ReadingAssert.Seq(r) == 8),
            Soon,
            "reading seq 8 is stored");
        Assert.Equal([7UL, 8UL], stored.Select(ReadingAssert.Seq).Order().ToArray());
        ReadingAssert.SameValues(first, stored.Single(r => ReadingAssert.Seq(r) == 7));
    }

    [Fact]
    public async Task HubSubscribedToExternalMosquitto_StoresWhatIsPublishedThere()
    {
        await using var mosquitto = await Mosquitto.StartAsync();
        var clientId = $"hub-{Guid.NewGuid():N}"[..16];
        await using var scope = await HubScope.StartAsync(
            [],
            config => config with
            {
                BrokerPort = null,
                External = new ExternalBroker("127.0.0.1", mosquitto.Port, clientId),
                Meters = [HubMeter.External("garage")],
            });

        // mosquitto logs "<client id> <qos> <filter>" once it has taken the hub's SUBSCRIBE: from then on nothing is lost.
        await mosquitto.Process.WaitForLineAsync(line => line.Contains($": {clientId} ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var reading = Readings.Household("garage", 1, TimeProvider.System.GetUtcNow().AddMinutes(-1)) with { PowerW = 1234.5 };
        var published = await MosquittoClients.PublishAsync(mosquitto.Port, "smartmeter/garage/reading", Readings.Json(reading));

        Assert.True(published.Succeeded, $"mosquitto_pub to mosquitto failed: {published.Output}\n{mosquitto.Log}");
        IReadOnlyList<System.Text.Json.JsonElement> stored = [];
        await scope.Hub.EventuallyAsync(
            async () => (stored = await scope.Hub.AllReadingsAsync("garage")).Count > 0,
            Soon,
            $"the reading published on mosquitto is stored for meter garage (mosquitto log:\n{mosquitto.Log})");
        ReadingAssert.SameValues(reading, Assert.Single(stored));
    }

    [Fact]
    public async Task ThreeMeterFirmwareProcesses_AllMetersHaveReadingsWithin20Seconds()
    {
        string[] meters = ["m1", "m2", "m3"];
        await using var scope = await HubScope.StartAsync(meters);
        var firmware = new List<ChildProcess>();
        try
        {
            foreach (var id in meters)
            {
                var meter = scope.Config.Meter(id);
                firmware.Add(ChildProcess.Start(
                    $"meter-firmware {id}",
                    DotnetHost.Path,
                    [
                        RepoPaths.MeterFirmwareDll,
                        "--meter-id", id,
                        "--profile", "household",
                        "--mqtt", string.Create(CultureInfo.InvariantCulture, $"mqtt://{meter.Username}:{meter.Password}@127.0.0.1:{scope.BrokerPort}"),
                        "--state-dir", scope.Directory.CreateSubdirectory($"meter-{id}"),
                        "--interval", "1s",
                        "--speed", "60",
                    ]));
            }

            await Eventually.HoldsAsync(
                async () =>
                {
                    foreach (var id in meters)
                    {
                        var page = await scope.Hub.GetJsonAsync($"/api/readings?meter={id}&limit=1");
                        if (page.GetProperty("items").GetArrayLength() == 0)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                TimeSpan.FromSeconds(60), // from spawning the firmware processes: start-up and JIT on a busy machine count too
                "m1, m2 and m3 all have readings",
                () => $"hub log:\n{scope.Hub.Log}\n" + string.Join("\n", firmware.Select(f => $"{f.Name} log:\n{f.Log}")));
        }
        finally
        {
            foreach (var process in firmware)
            {
                await process.TerminateAsync(TimeSpan.FromSeconds(5));
                await process.DisposeAsync();
            }
        }
    }
}
