using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Hub.Plugins.Abstractions;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// kill -9 of the hub while meters publish: every reading the hub acknowledged (PUBACK) survives, none twice; a meter
/// that re-sends after the restart gets each reading stored exactly once.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int InflightPerMeter = 4;
    private const int AckedBeforeKill = 400;
    private static readonly string[] MeterIds = ["c1", "c2", "c3", "c4"];

    [Fact]
    public async Task KillDashNineMidStream_EveryAckedReadingSurvivesOnce_AndResendsAreStoredOnce()
    {
        await using var scope = await HubScope.StartAsync(MeterIds);
        var start = TimeProvider.System.GetUtcNow().AddHours(-2);
        var sent = MeterIds.ToDictionary(id => id, _ => new ConcurrentDictionary<ulong, bool>());
        var acked = MeterIds.ToDictionary(id => id, _ => new ConcurrentDictionary<ulong, bool>());
        using var stop = new CancellationTokenSource();

        var publishers = MeterIds
            .Select(id => Task.Run(() => PublishUntilFailureAsync(scope.BrokerPort, scope.Config.Meter(id), start, sent[id], acked[id], stop.Token)))
            .ToArray();
        await scope.Hub.EventuallyAsync(
            () => Task.FromResult(acked.Values.Sum(a => a.Count) >= AckedBeforeKill || publishers.All(p => p.IsCompleted)),
            TimeSpan.FromSeconds(90),
            $"{AckedBeforeKill} readings acknowledged");
        Assert.False(publishers.All(p => p.IsCompleted), $"the publishers stopped before the kill:\n{Errors(publishers)}\nhub log:\n{scope.Hub.Log}");

        await scope.Hub.KillHardAsync();
        await WaitAllBoundedAsync(publishers, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        var ackedAtKill = acked.ToDictionary(kv => kv.Key, kv => kv.Value.Keys.ToHashSet());

        await scope.RestartAsync();

        // 1. Every acknowledged reading is there, exactly once, with the values that were sent; nothing else is.
        foreach (var id in MeterIds)
        {
            var stored = await scope.Hub.AllReadingsAsync(id);
            var bySeq = stored.GroupBy(ReadingAssert.Seq).ToDictionary(g => g.Key, g => g.ToList());
            var duplicates = bySeq.Where(g => g.Value.Count > 1).Select(g => g.Key).Order().ToList();
            Assert.True(duplicates.Count == 0, $"{id}: stored more than once after the crash: seq {string.Join(", ", duplicates)}");
            var lost = ackedAtKill[id].Where(seq => !bySeq.ContainsKey(seq)).Order().ToList();
            Assert.True(lost.Count == 0, $"{id}: acknowledged but lost in the crash: seq {string.Join(", ", lost)} ({lost.Count} of {ackedAtKill[id].Count})\nhub log:\n{scope.Hub.Log}");
            var invented = bySeq.Keys.Where(seq => !sent[id].ContainsKey(seq)).ToList();
            Assert.True(invented.Count == 0, $"{id}: stored readings that were never sent: seq {string.Join(", ", invented)}");
            foreach (var (seq, readings) in bySeq)
            {
                ReadingAssert.SameValues(Readings.Household(id, seq, start), readings[0]);
            }
        }

        // 2. The meters re-send what was never acknowledged plus some that were: each is stored exactly once.
        foreach (var id in MeterIds)
        {
            var ackedSorted = ackedAtKill[id].Order().ToList();
            var resend = sent[id].Keys.Where(seq => !ackedAtKill[id].Contains(seq))
                .Concat(ackedSorted.Take(5))
                .Concat(ackedSorted.TakeLast(20))
                .Distinct()
                .Order()
                .ToList();
            await using var meter = await MeterClient.ConnectAsync(scope.BrokerPort, scope.Config.Meter(id));
            foreach (var seq in resend)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await meter.PublishAsync(Readings.Household(id, seq, start), timeout.Token);
            }
        }

        foreach (var id in MeterIds)
        {
            var stored = await scope.Hub.AllReadingsAsync(id);
            var counts = stored.GroupBy(ReadingAssert.Seq).ToDictionary(g => g.Key, g => g.Count());
            var wrong = sent[id].Keys.Where(seq => counts.GetValueOrDefault(seq) != 1).Order()
                .Select(seq => $"{seq}×{counts.GetValueOrDefault(seq)}").ToList();
            Assert.True(wrong.Count == 0, $"{id}: after the re-send each sent reading must be stored once; wrong: {string.Join(", ", wrong.Take(50))}");
            Assert.Equal(sent[id].Count, stored.Count);
        }
    }

    /// <summary>One meter: QoS 1 publishes with increasing seq, a few in flight, until the connection breaks or stop.</summary>
    private static async Task PublishUntilFailureAsync(
        int port,
        HubMeter meter,
        DateTimeOffset start,
        ConcurrentDictionary<ulong, bool> sent,
        ConcurrentDictionary<ulong, bool> acked,
        CancellationToken stop)
    {
        await using var client = await MeterClient.ConnectAsync(port, meter, stop);
        using var slots = new SemaphoreSlim(InflightPerMeter);
        var inflight = new List<Task>();
        var failed = 0;
        for (ulong seq = 1; seq <= 1_000_000 && Volatile.Read(ref failed) == 0 && !stop.IsCancellationRequested; seq++)
        {
            await slots.WaitAsync(stop);
            var current = seq;
            sent[current] = true; // before the first byte leaves: whatever the hub may have seen is in "sent"
            inflight.Add(PublishOneAsync(current));
            inflight.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(inflight);
        if (Volatile.Read(ref failed) == 0)
        {
            throw new InvalidOperationException($"{meter.Id}: the publisher was stopped before the hub was killed.");
        }

        async Task PublishOneAsync(ulong seq)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await client.PublishAsync(Readings.Household(meter.Id, seq, start), timeout.Token);
                acked[seq] = true;
            }
            catch (Exception)
            {
                // The hub died under this publish: it was sent, not acknowledged.
                Interlocked.Exchange(ref failed, 1);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static async Task WaitAllBoundedAsync(Task[] tasks, TimeSpan timeout)
    {
        var all = Task.WhenAll(tasks);
        var finished = await Task.WhenAny(all, Task.Delay(timeout));
        Assert.True(finished == all, $"the publishers did not notice the dead hub within {timeout.TotalSeconds} s");
        try
        {
            await all;
        }
        catch (Exception)
        {
            // Connection failures are expected here; the per-reading outcome is in sent/acked.
        }
    }

    private static string Errors(IEnumerable<Task> tasks)
    {
        var text = new StringBuilder();
        foreach (var task in tasks.Where(t => t.IsFaulted))
        {
            text.AppendLine(task.Exception?.GetBaseException().ToString());
        }

        return text.ToString();
    }
}
