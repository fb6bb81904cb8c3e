using System.Diagnostics;
using SmartMeter.Peers;

namespace EndToEnd.Tests.Faults;

/// <summary>
/// fsync fails (EIO) under the hub, injected with an LD_PRELOAD shim built here with cc: the hub stops at once (fail
/// stop), acknowledges nothing after the failure, exits 74, and after a restart every acknowledged reading is there.
/// </summary>
public sealed class FsyncFailureTests
{
    private const string Meter = "house";

    // fsync and fdatasync fail with EIO while the trigger file exists; otherwise the real ones run.
    private const string ShimSource = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <errno.h>
        #include <stdlib.h>
        #include <unistd.h>

        static int failing(void)
        {
            const char *trigger = getenv("SMARTMETER_FSYNC_FAIL");
            return trigger != NULL && access(trigger, F_OK) == 0;
        }

        int fsync(int fd)
        {
            static int (*real)(int);
            if (failing()) { errno = EIO; return -1; }
            if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
            return real(fd);
        }

        int fdatasync(int fd)
        {
            static int (*real)(int);
            if (failing()) { errno = EIO; return -1; }
            if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
            return real(fd);
        }
        """;

    [Fact]
    public async Task FsyncFails_HubStopsAtOnce_NothingAckedAfter_EveryAckedReadingSurvives()
    {
        using var directory = TestDirectory.Create("fsyncfail");
        var shim = BuildShim(directory);
        var trigger = directory.Combine("fail-fsync");
        var config = HubConfig.Create(directory.Combine("data"), Meter);
        var configPath = directory.Combine("hub.json");
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var acked = new List<ulong>();

        var hub = await HubProcess.StartAsync(config, configPath, wrapper: ["env", $"LD_PRELOAD={shim}", $"SMARTMETER_FSYNC_FAIL={trigger}"]);
        try
        {
            for (ulong seq = 1; seq <= 5; seq++)
            {
                var result = await PublishAsync(config, seq, start);
                Assert.True(result.Succeeded, $"seq {seq} before the fault: {result.Output}\n{hub.Log}");
                acked.Add(seq);
            }

            await File.WriteAllTextAsync(trigger, "EIO");
            var afterFault = new List<ulong>();
            for (ulong seq = 6; seq <= 10; seq++)
            {
                var result = await PublishAsync(config, seq, start);
                if (result.Succeeded)
                {
                    afterFault.Add(seq);
                }
            }

            Assert.True(afterFault.Count == 0, $"acknowledged while fsync failed: seq {string.Join(", ", afterFault)}\n{hub.Log}");
            await Eventually.HoldsAsync(() => Task.FromResult(hub.Process.HasExited), TimeSpan.FromSeconds(90), "the hub exits after the failed fsync", () => hub.Log);
            Assert.True(hub.Process.ExitCode == 74, $"exit code {hub.Process.ExitCode}, expected 74\n{hub.Log}");
            Assert.Contains("fsync of", hub.Log, StringComparison.Ordinal);
        }
        finally
        {
            await hub.DisposeAsync();
        }

        File.Delete(trigger);
        hub = await HubProcess.StartAsync(config.WithFreshPorts(), configPath);
        try
        {
            var stored = (await hub.AllReadingsAsync(Meter)).Select(ReadingAssert.Seq).ToList();
            var lost = acked.Where(s => !stored.Contains(s)).ToList();
            Assert.True(lost.Count == 0, $"acknowledged but lost: seq {string.Join(", ", lost)}\n{hub.Log}");
            Assert.Equal(stored.Count, stored.Distinct().Count());

            // The meter sends again what was never acknowledged: stored once each, acknowledged now.
            for (ulong seq = 6; seq <= 10; seq++)
            {
                var result = await PublishAsync(hub.Config, seq, start);
                Assert.True(result.Succeeded, $"seq {seq} after the restart: {result.Output}\n{hub.Log}");
            }

            stored = [.. (await hub.AllReadingsAsync(Meter)).Select(ReadingAssert.Seq)];
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (ulong)i), stored.Order());
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    private static Task<PublishResult> PublishAsync(HubConfig config, ulong seq, DateTimeOffset start) =>
        MosquittoClients.PublishAsync(config.BrokerPort!.Value, config.Meter(Meter), Readings.Json(Readings.Household(Meter, seq, start)), TimeSpan.FromSeconds(60));

    private static string BuildShim(TestDirectory directory)
    {
        var source = directory.Combine("fsync-fail.c");
        var library = directory.Combine("fsync-fail.so");
        File.WriteAllText(source, ShimSource);
        using var cc = Process.Start(new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O2", "-o", library, source, "-ldl"]) { RedirectStandardError = true })!;
        var error = cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        Assert.True(cc.ExitCode == 0, $"cc failed: {error}");
        return library;
    }
}
