using SmartMeter.Peers;

namespace EndToEnd.Tests.Faults;

/// <summary>
/// A damaged LiteDB file: the hub refuses to start on it with exit 78 (EX_CONFIG, which the unit's
/// RestartPreventExitStatus keeps systemd from restarting in a loop) and a line naming the file and the recovery
/// procedure; <c>Hub.Host store check</c> says the same without starting anything.
/// </summary>
public sealed class CorruptStoreTests
{
    private const string Meter = "house";

    [Fact]
    public async Task CorruptHeader_Exit78NamingTheFileAndTheRecovery_StoreCheckFails()
    {
        using var directory = TestDirectory.Create("corrupt");
        var config = HubConfig.Create(directory.Combine("data"), Meter);
        var configPath = directory.Combine("hub.json");
        await using (var hub = await HubProcess.StartAsync(config, configPath))
        {
            var start = TimeProvider.System.GetUtcNow().AddHours(-1);
            for (ulong seq = 1; seq <= 5; seq++)
            {
                var result = await MosquittoClients.PublishAsync(config.BrokerPort!.Value, config.Meter(Meter), Readings.Json(Readings.Household(Meter, seq, start)));
                Assert.True(result.Succeeded, result.Output);
            }

            Assert.Equal(0, await hub.TerminateAsync());
        }

        // The first page (LiteDB's header: its magic, the collections' page map) overwritten.
        var dataFile = Path.Combine(config.DataDir, "smartmeter.db");
        await using (var file = new FileStream(dataFile, FileMode.Open, FileAccess.Write))
        {
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        var (code, log) = await RunHubAsync(["--config", configPath], directory);
        Assert.True(code == 78, $"the hub exited {code} on a damaged store, expected 78:\n{log}");
        Assert.Contains(dataFile, log, StringComparison.Ordinal);
        Assert.Contains("store rebuild --config", log, StringComparison.Ordinal);

        var (checkCode, checkLog) = await RunHubAsync(["store", "check", "--config", configPath], directory);
        Assert.True(checkCode == 78, $"store check exited {checkCode} on a damaged store, expected 78:\n{checkLog}");
        Assert.Contains(dataFile, checkLog, StringComparison.Ordinal);

        // The procedure: rebuild keeps the damaged file aside and leaves a store the hub starts on.
        var (rebuildCode, rebuildLog) = await RunHubAsync(["store", "rebuild", "--config", configPath], directory);
        Assert.True(rebuildCode is 0 or 1, $"store rebuild exited {rebuildCode}:\n{rebuildLog}");
        Assert.Single(Directory.GetFiles(config.DataDir, "smartmeter.db.damaged-*"));
        Assert.Contains("kept as", rebuildLog, StringComparison.Ordinal);
        await using var restarted = await HubProcess.StartAsync(config.WithFreshPorts(), configPath);
        Assert.True((await restarted.HealthAsync()).Status == System.Net.HttpStatusCode.OK);
    }

    private static async Task<(int? Code, string Log)> RunHubAsync(string[] arguments, TestDirectory directory)
    {
        await using var process = ChildProcess.Start("hub", DotnetHost.Path, [RepoPaths.HubHostDll, .. arguments], workingDirectory: directory.Path);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (code, process.Log);
    }
}
