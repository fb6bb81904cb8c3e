using System.Diagnostics;
using Hub.Plugins.Abstractions;
using MeterFirmware.Tests.TestSupport;

namespace MeterFirmware.Tests.Uplink;

/// <summary>The firmware against a real mosquitto on a free loopback port.</summary>
public sealed class MosquittoIntegrationTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly string _brokerDir;
    private readonly string _stateDir;

    public MosquittoIntegrationTests()
    {
        _brokerDir = Directory.CreateDirectory(_dir.Combine("broker")).FullName;
        _stateDir = _dir.Combine("state");
    }

    public void Dispose() => _dir.Dispose();

    private static List<Reading> ParseAll(string meterId, List<(string Topic, byte[] Payload)> messages)
    {
        var readings = new List<Reading>();
        foreach (var (topic, payload) in messages)
        {
            Assert.Equal($"smartmeter/{meterId}/reading", topic);
            var reading = ReadingJson.Parse(payload, meterId, DateTimeOffset.UnixEpoch);

            // Canonical: re-encoding what was parsed gives back the exact bytes.
            Assert.Equal(payload, ReadingJson.ToUtf8Bytes(reading));
            readings.Add(reading);
        }

        return readings;
    }

    private static void AssertMonotonic(List<Reading> readings)
    {
        for (var i = 1; i < readings.Count; i++)
        {
            Assert.True(readings[i].EnergyImportWh >= readings[i - 1].EnergyImportWh, "import register went backwards");
            Assert.True(readings[i].EnergyExportWh >= readings[i - 1].EnergyExportWh, "export register went backwards");
            Assert.True(readings[i].Timestamp >= readings[i - 1].Timestamp, "timestamps went backwards");
        }
    }

    [Fact]
    public async Task Publishes_count_canonical_readings_with_increasing_seq_and_a_restart_continues()
    {
        var port = MosquittoBroker.FreePort();
        await using var broker = await MosquittoBroker.StartAsync(port, _brokerDir);
        await using var subscriber = new ReadingSubscriber("sub-count");
        await subscriber.ConnectAsync(port);

        var exit = await Firmware.RunAsync(Firmware.Args("house", "household", port, _stateDir, "--count", "5")).WaitAsync(Patience);

        Assert.Equal(0, exit);
        var first = ParseAll("house", await subscriber.TakeAsync(5, Patience));
        Assert.Equal([1UL, 2, 3, 4, 5], first.Select(r => r.Seq!.Value));
        Assert.All(first, r => Assert.InRange(r.VoltageV![0], 215, 245));
        AssertMonotonic(first);
        Assert.True(first[^1].EnergyImportWh > 0, "household imports");
        Assert.Empty(Firmware.OutboxFiles(_stateDir));

        // A restart (a new run on the same state directory) carries on: seq 6.., registers from where they were.
        exit = await Firmware.RunAsync(Firmware.Args("house", "household", port, _stateDir, "--count", "3")).WaitAsync(Patience);

        Assert.Equal(0, exit);
        var second = ParseAll("house", await subscriber.TakeAsync(3, Patience));
        Assert.Equal([6UL, 7, 8], second.Select(r => r.Seq!.Value));
        AssertMonotonic([.. first, .. second]);
        Assert.Equal(0, await subscriber.CountExtraAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Readings_taken_while_the_broker_is_down_arrive_in_order_once_it_starts()
    {
        var port = MosquittoBroker.FreePort();
        await using var subscriber = new ReadingSubscriber("sub-buffer");

        // A durable subscription made beforehand, so that mosquitto (persistent) queues every reading for the
        // subscriber from the moment it comes back, whoever connects first.
        await using (await MosquittoBroker.StartAsync(port, _brokerDir))
        {
            await subscriber.ConnectAsync(port);
            await subscriber.DisconnectAsync();
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var run = Firmware.RunAsync(Firmware.Args("garage", "solar", port, _stateDir, "--count", "8", "--start", "12:00"), stop.Token);

        await Eventually.HoldsAsync(() => Firmware.OutboxFiles(_stateDir).Length == 8 && Firmware.StoredSeq(_stateDir) == 8, Patience,
            "all 8 readings buffered on disk while the broker is down");
        Assert.False(run.IsCompleted, "--count must wait for the acknowledgements");

        await using var broker = await MosquittoBroker.StartAsync(port, _brokerDir);
        var exit = await run.WaitAsync(Patience);

        Assert.Equal(0, exit);
        Assert.Empty(Firmware.OutboxFiles(_stateDir));
        await subscriber.ConnectAsync(port, subscribe: false);
        var readings = ParseAll("garage", await subscriber.TakeAsync(8, Patience));
        Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8], readings.Select(r => r.Seq!.Value));
        AssertMonotonic(readings);
        Assert.True(readings[^1].EnergyExportWh > 0, "the solar meter exports at noon");
        Assert.All(readings, r => Assert.True(r.PowerW < 0));
    }

    [Fact]
    public async Task Credentials_come_from_the_url_and_a_wrong_password_keeps_readings_buffered()
    {
        var passwords = Path.Combine(_brokerDir, "passwords");
        using (var tool = Process.Start("mosquitto_passwd", ["-b", "-c", passwords, "house", "pw"]))
        {
            await tool!.WaitForExitAsync();
            Assert.Equal(0, tool.ExitCode);
        }

        var port = MosquittoBroker.FreePort();
        await using var broker = await MosquittoBroker.StartAsync(port, _brokerDir, $"allow_anonymous false\npassword_file {passwords}");

        // Firmware.Args puts house:pw in the URL: the broker acknowledges, so --count completes.
        var exit = await Firmware.RunAsync(Firmware.Args("house", "household", port, _stateDir, "--count", "2")).WaitAsync(Patience);
        Assert.Equal(0, exit);
        Assert.Empty(Firmware.OutboxFiles(_stateDir));

        var wrongState = _dir.Combine("wrong");
        string[] wrong = ["--meter-id", "house", "--profile", "household", "--mqtt", $"mqtt://house:nope@127.0.0.1:{port}",
            "--state-dir", wrongState, "--interval", "100ms", "--count", "2"];
        using var stop = new CancellationTokenSource();
        var run = Firmware.RunAsync(wrong, stop.Token);
        await Eventually.HoldsAsync(() => Firmware.StoredSeq(wrongState) >= 2, Patience, "two readings taken");
        await Task.Delay(1000);
        Assert.False(run.IsCompleted, "a refused connection must not count as delivery");

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Patience));
        Assert.Equal(2, Firmware.OutboxFiles(wrongState).Length);
    }

    [Fact]
    public async Task A_broker_restart_mid_run_loses_no_reading_and_keeps_the_order()
    {
        var port = MosquittoBroker.FreePort();
        await using var subscriber = new ReadingSubscriber("sub-restart");
        var broker = await MosquittoBroker.StartAsync(port, _brokerDir);
        await subscriber.ConnectAsync(port);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = Firmware.RunAsync(Firmware.Args("house", "household", port, _stateDir), stop.Token);
        var received = await subscriber.TakeAsync(3, Patience);

        // The broker goes away (persisting the subscriber's session); the firmware keeps metering into its outbox.
        await broker.DisposeAsync();
        var seqWhenDown = Firmware.StoredSeq(_stateDir);
        // The loop persists a seq before it adds that reading to the outbox, so reading +5 is surely in the outbox
        // once seq +6 is stored (waiting for +5 alone raced the outbox write under load).
        await Eventually.HoldsAsync(() => Firmware.StoredSeq(_stateDir) >= seqWhenDown + 6, Patience, "6 readings taken while the broker is down");
        Assert.True(Firmware.OutboxFiles(_stateDir).Length >= 5, "readings taken while the broker is down are buffered");
        Assert.False(run.IsCompleted);

        await using var restarted = await MosquittoBroker.StartAsync(port, _brokerDir);
        await subscriber.ReconnectAsync(port);
        var target = Firmware.StoredSeq(_stateDir);
        var seqs = ParseAll("house", received).Select(r => r.Seq!.Value).ToList();
        while (seqs.Max() < target)
        {
            seqs.AddRange(ParseAll("house", await subscriber.TakeAsync(1, Patience)).Select(r => r.Seq!.Value));
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Patience));

        // QoS 1 is at-least-once: a PUBLISH whose PUBACK was lost may come twice (the hub de-duplicates by seq),
        // but none may be missing and first arrivals must be in order.
        var firstArrivals = seqs.Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, firstArrivals.Count).Select(i => (ulong)i), firstArrivals);
        Assert.True(firstArrivals[^1] >= target);
    }
}
