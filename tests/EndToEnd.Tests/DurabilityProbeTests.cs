using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// Watches the hub's system calls: a PUBACK may leave only after the reading is on disk. For every PUBACK written to
/// the meter's socket there must be an fsync/fdatasync of a file under the data dir after the PUBLISH was read.
/// </summary>
public sealed class DurabilityProbeTests
{
    private const int ReadingCount = 20;

    [Fact]
    public async Task EveryPubAck_IsPrecededByAnFsyncUnderTheDataDir_AfterItsPublishWasRead()
    {
        Executables.Require("strace", "strace");
        using var traceDir = TestDirectory.Create("strace");
        var traceFile = traceDir.Combine("hub.strace");
        await using var scope = await HubScope.StartAsync(["probe"], wrapper: StraceWrapper(traceFile), startTimeout: TimeSpan.FromMinutes(3));
        var clientId = $"probe-{Guid.NewGuid():N}"[..20];
        var meter = scope.Config.Meter("probe");
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);

        await using (var client = await MeterClient.ConnectAsync(scope.BrokerPort, meter.Id, meter.Username, meter.Password, clientId: clientId))
        {
            for (ulong seq = 1; seq <= ReadingCount; seq++)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.PublishAsync(Readings.Household("probe", seq, start), timeout.Token);
            }
        }

        Assert.Equal(ReadingCount, (await scope.Hub.AllReadingsAsync("probe")).Count);
        var exit = await scope.Hub.TerminateAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit is not null, $"the hub under strace did not stop on SIGTERM.\n{scope.Hub.Log}");

        var log = StraceLog.Load(traceFile);
        var probe = DurabilityProbe.Analyze(log, clientId, DataDirs(scope.DataDir));
        var report = probe.Report();
        Assert.True(probe.Acks.Count == ReadingCount, $"expected {ReadingCount} PUBACKs on the meter's socket.\n{report}");
        Assert.True(probe.Acks.All(a => a.Ok), $"a PUBACK left before its reading was fsynced.\n{report}");
    }

    /// <summary>
    /// The probe itself, against a broker known to acknowledge from memory (mosquitto saves its database only on
    /// autosave or exit): it must find every PUBLISH/PUBACK pair and report that no sync came between.
    /// </summary>
    [Fact]
    public async Task Probe_OnMosquittoWhichAcksFromMemory_FindsEveryPubAckAndNoSync()
    {
        Executables.Require("strace", "strace");
        using var traceDir = TestDirectory.Create("strace");
        var traceFile = traceDir.Combine("mosquitto.strace");
        const int count = 10;
        var clientId = $"probe-{Guid.NewGuid():N}"[..20];
        await using var mosquitto = await Mosquitto.StartAsync(persistence: true, wrapper: StraceWrapper(traceFile), timeout: TimeSpan.FromSeconds(60));
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        await using (var client = await MeterClient.ConnectAsync(mosquitto.Port, "probe", null, null, clientId: clientId))
        {
            for (ulong seq = 1; seq <= count; seq++)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.PublishAsync(Readings.Household("probe", seq, start), timeout.Token);
            }
        }

        Assert.True(await mosquitto.StopAsync() is not null, $"mosquitto under strace did not stop on SIGTERM.\n{mosquitto.Log}");

        var probe = DurabilityProbe.Analyze(StraceLog.Load(traceFile), clientId, DataDirs(mosquitto.DataDirectory));
        var report = probe.Report();
        Assert.True(probe.PublishCount == count, report);
        Assert.True(probe.Acks.Count == count, report);
        Assert.All(probe.Acks, ack => Assert.NotNull(ack.Read));
        Assert.All(probe.Acks, ack => Assert.False(ack.Ok, $"mosquitto does not fsync per message, yet the probe saw a sync: {ack.Sync}"));
    }

    /// <summary>
    /// The probe itself, against a broker that does it right: Fixtures/durable-broker.sh (under socat) appends each
    /// PUBLISH to a file and runs `sync FILE` (fsync) before the PUBACK. Every PUBACK must pass.
    /// </summary>
    [Fact]
    public async Task Probe_OnABrokerThatFsyncsBeforeEachPubAck_AcceptsEveryPubAck()
    {
        Executables.Require("strace", "strace");
        Executables.Require("socat", "socat");
        using var work = TestDirectory.Create("durable-broker");
        var dataDir = work.CreateSubdirectory("data");
        var traceFile = work.Combine("broker.strace");
        var port = FreePort.Next();
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "durable-broker.sh");
        const int count = 5;
        var clientId = $"probe-{Guid.NewGuid():N}"[..20];
        string[] command =
        [
            .. StraceWrapper(traceFile),
            "socat", $"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr", $"EXEC:bash {script} {dataDir},nofork",
        ];
        await using var broker = ChildProcess.Start("durable-broker", command[0], command[1..]);
        await Eventually.HoldsAsync(() => Task.FromResult(FreePort.IsListeningQuietly(port)), TimeSpan.FromSeconds(15), "socat listens", () => broker.Log);

        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        await using (var client = await MeterClient.ConnectAsync(port, "probe", null, null, clientId: clientId))
        {
            for (ulong seq = 1; seq <= count; seq++)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.PublishAsync(Readings.Household("probe", seq, start), timeout.Token);
            }
        }

        await broker.WaitForExitAsync(TimeSpan.FromSeconds(30)); // one connection: socat and strace end with it
        var probe = DurabilityProbe.Analyze(StraceLog.Load(traceFile), clientId, DataDirs(dataDir));
        var report = probe.Report();
        Assert.True(probe.Acks.Count == count, report);
        Assert.True(probe.Acks.All(a => a.Ok), report);
    }

    /// <summary>
    /// strace: -f all threads, -ttt times, -yy what each fd is (paths, TCP endpoints), -xx data in hex, -s enough for
    /// whole MQTT packets; --seccomp-bpf stops the hub only on the traced calls, which keeps it fast enough.
    /// </summary>
    private static string[] StraceWrapper(string traceFile) =>
    [
        "strace", "-f", "-ttt", "-yy", "-xx", "-s", "65536", "--seccomp-bpf",
        "-e", "trace=read,readv,recvfrom,recvmsg,write,writev,sendto,sendmsg,fsync,fdatasync",
        "-o", traceFile, "--",
    ];

    private static string[] DataDirs(string dataDir)
    {
        var full = Path.GetFullPath(dataDir);
        var resolved = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        return [full, resolved];
    }
}
