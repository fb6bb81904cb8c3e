using Hub.Plugins.Abstractions;
using MeterFirmware.Sensors;
using MeterFirmware.State;
using MeterFirmware.Tests.TestSupport;
using MeterFirmware.Uplink;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeterFirmware.Tests;

public sealed class MeterLoopTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A "boot": everything built afresh from the state directory, as after a reboot.</summary>
    private (MeterLoop Loop, Outbox Outbox, ManualClock Clock) Boot(SensorProfile profile, DateTimeOffset now)
    {
        var clock = new ManualClock(now);
        var store = new StateStore(_dir.Path);
        var resumed = store.Load();
        var outbox = new Outbox(_dir.Path, 1000, NullLogger.Instance);
        var sensor = new SimulatedSensor(SimulatedSensor.CreateProfile(profile, 9), 9, clock);
        return (new MeterLoop("house", sensor, store, outbox, clock, resumed, NullLogger.Instance), outbox, clock);
    }

    [Fact]
    public async Task Readings_are_canonical_with_seq_from_one_and_are_spooled()
    {
        var (loop, outbox, clock) = Boot(SensorProfile.Household, Noon);
        var readings = new List<Reading>();
        for (var i = 0; i < 3; i++)
        {
            readings.Add(await loop.TakeReadingAsync(CancellationToken.None));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([1UL, 2, 3], readings.Select(r => r.Seq!.Value));
        Assert.Equal(3, outbox.Count);
        Assert.True(outbox.TryPeek(out var head));
        var parsed = ReadingJson.Parse(head.Payload, "house", DateTimeOffset.UnixEpoch);
        Assert.Equal(readings[0].DedupKey, parsed.DedupKey);
        Assert.Equal(head.Payload, ReadingJson.ToUtf8Bytes(parsed));
        Assert.Equal("house", parsed.MeterId);
        Assert.Single(parsed.VoltageV!);
        Assert.Single(parsed.CurrentA!);
        Assert.NotNull(parsed.FrequencyHz);
        Assert.Equal(0, readings[0].EnergyImportWh);
        Assert.True(readings[2].EnergyImportWh > readings[1].EnergyImportWh);
    }

    [Fact]
    public async Task A_restart_resumes_counters_and_seq_without_going_back()
    {
        var (loop, _, clock) = Boot(SensorProfile.Solar, Noon);
        Reading last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await loop.TakeReadingAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.True(last.EnergyExportWh > 500, "fifty minutes of noon sun");

        // Reboot an hour later: the same directory, new instances of everything.
        var (rebooted, outbox, _) = Boot(SensorProfile.Solar, Noon.AddHours(2));
        var next = await rebooted.TakeReadingAsync(CancellationToken.None);

        Assert.Equal(6UL, next.Seq);
        Assert.True(next.EnergyExportWh >= last.EnergyExportWh);
        Assert.True(next.EnergyImportWh >= last.EnergyImportWh);
        Assert.Equal(6, outbox.Count);
        Assert.Equal(6UL, new StateStore(_dir.Path).Load()!.Seq);
    }

    [Fact]
    public async Task The_state_on_disk_always_covers_every_seq_handed_out()
    {
        var (loop, _, clock) = Boot(SensorProfile.Household, Noon);
        for (var i = 0; i < 10; i++)
        {
            var reading = await loop.TakeReadingAsync(CancellationToken.None);
            var stored = new StateStore(_dir.Path).Load()!;
            Assert.Equal(reading.Seq, stored.Seq);
            Assert.Equal(reading.EnergyImportWh, Math.Round(stored.EnergyImportWh, 3));
            clock.Advance(TimeSpan.FromSeconds(30));
        }
    }
}
