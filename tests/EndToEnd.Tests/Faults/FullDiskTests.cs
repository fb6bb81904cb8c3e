using System.Net;
using System.Text.Json;
using SmartMeter.Peers;

namespace EndToEnd.Tests.Faults;

/// <summary>
/// The hub's data dir on a 3 MB tmpfs that fills up while a meter publishes QoS 1 readings with mosquitto_pub (exit 0
/// only after a PUBACK): no reading is acknowledged that is not in the store after a restart; the hub stops, exits
/// 74, comes back read-only on the full disk saying why, and resumes ingest by itself once there is room.
/// </summary>
public sealed class FullDiskTests
{
    private const string Meter = "house";

    [Fact]
    public async Task DiskFullDuringIngest_NoFalseAck_ReadOnlyAfterRestart_ResumesWhenSpaceReturns()
    {
        using var directory = TestDirectory.Create("fulldisk");
        using var disk = TmpfsMount.Create(directory.Combine("disk"), megabytes: 3);
        var config = HubConfig.Create(Path.Combine(disk.Path, "data"), Meter) with
        {
            HubSettings = new Dictionary<string, double> { ["BlockSeconds"] = 1, ["CheckpointLogMegabytes"] = 1, ["MinFreeMegabytes"] = 2 },
        };
        var configPath = directory.Combine("hub.json");
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var acked = new List<ulong>();
        ulong seq = 0;

        var hub = await HubProcess.StartAsync(config, configPath);
        try
        {
            // Room for a handful of readings, then ENOSPC in the middle of LiteDB's writes.
            disk.Fill(leaveBytes: 400 * 1024);
            PublishResult? refused = null;
            while (seq < 500)
            {
                seq++;
                var result = await PublishAsync(config, seq, start);
                if (!result.Succeeded)
                {
                    refused = result;
                    break;
                }

                acked.Add(seq);
            }

            Assert.True(refused is not null, $"500 readings were acknowledged on a disk with 400 KiB free\n{hub.Log}");
            Assert.NotEmpty(acked);

            // Fail-stop: the hub exits 74 (EX_IOERR) so that systemd restarts it, having said why.
            await Eventually.HoldsAsync(() => Task.FromResult(hub.Process.HasExited), TimeSpan.FromSeconds(90), "the hub exits after the storage fault", () => hub.Log);
            Assert.True(hub.Process.ExitCode == 74, $"exit code {hub.Process.ExitCode}, expected 74\n{hub.Log}");
            Assert.Contains("storage-fault", hub.Log, StringComparison.Ordinal);
        }
        finally
        {
            await hub.DisposeAsync();
        }

        // Restart on the disk that is still full: up, read-only, and saying why.
        hub = await HubProcess.StartAsync(config.WithFreshPorts(), configPath, startTimeout: HubProcess.AnsweringOnly);
        try
        {
            var (status, health) = await hub.HealthAsync();
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"/health answered {(int)status} on a full disk: {health}");
            var store = health.GetProperty("store");
            Assert.Equal("storage-full", store.GetProperty("fault").GetString());
            Assert.True(store.GetProperty("readOnly").GetBoolean());
            Assert.Contains("full", store.GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.Contains(await hub.AlertsAsync(), a => a.GetProperty("kind").GetString() == "storage-full");

            // Every acknowledged reading is there (the API reads while the disk is full), once.
            await AssertStoredOnceAsync(hub, acked);

            // A reading now is refused, not acknowledged.
            seq++;
            var whileFull = await PublishAsync(hub.Config, seq, start);
            Assert.False(whileFull.Succeeded, $"a reading was acknowledged by a read-only hub on a full disk\n{hub.Log}");

            // Room again: ingest resumes by itself.
            disk.Free();
            await hub.EventuallyAsync(async () => (await hub.HealthAsync()).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "/health is 200 again once there is room");
            for (var i = 0; i < 3; i++)
            {
                seq++;
                var result = await PublishAsync(hub.Config, seq, start);
                Assert.True(result.Succeeded, $"seq {seq} after space returned: {result.Output}\n{hub.Log}");
                acked.Add(seq);
            }

            await AssertStoredOnceAsync(hub, acked);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    private static Task<PublishResult> PublishAsync(HubConfig config, ulong seq, DateTimeOffset start) =>
        MosquittoClients.PublishAsync(config.BrokerPort!.Value, config.Meter(Meter), Readings.Json(Readings.Household(Meter, seq, start)), TimeSpan.FromSeconds(60));

    private static async Task AssertStoredOnceAsync(HubProcess hub, IReadOnlyList<ulong> acked)
    {
        var stored = (await hub.AllReadingsAsync(Meter)).Select(ReadingAssert.Seq).ToList();
        var twice = stored.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"stored twice: seq {string.Join(", ", twice)}");
        var lost = acked.Where(s => !stored.Contains(s)).ToList();
        Assert.True(lost.Count == 0, $"acknowledged but not stored: seq {string.Join(", ", lost)} (stored: {string.Join(", ", stored)})\nhub log:\n{hub.Log}");
    }
}
