using System.Collections.Concurrent;
using System.Text.Json;
using LiteDB;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// The ledger through the real hub process: blocks sealed while meters publish, kill -9 during sealing, the
/// chain still verifies with <c>Hub.Host verify</c>, and an edit to the stopped hub's LiteDB file is named.
/// </summary>
public sealed class LedgerTests
{
    private static readonly string[] MeterIds = ["l1", "l2"];

    [Fact]
    public async Task KillDashNineWhileSealing_ChainVerifies_NothingAckedLost_NothingSealedTwice_AndTamperingIsNamed()
    {
        // Small blocks: the writer seals after every 20 readings, so a kill lands in or near a seal.
        await using var scope = await HubScope.StartAsync(MeterIds, c => c with
        {
            HubSettings = new Dictionary<string, double> { ["BlockSeconds"] = 1, ["MaxBlockReadings"] = 20 },
        });
        var start = TimeProvider.System.GetUtcNow().AddHours(-2);
        var acked = MeterIds.ToDictionary(id => id, _ => new ConcurrentDictionary<ulong, bool>());
        var nextSeq = MeterIds.ToDictionary(id => id, _ => 1UL);

        for (var round = 0; round < 2; round++)
        {
            using var stop = new CancellationTokenSource();
            var publishers = MeterIds
                .Select(id => Task.Run(() => PublishAsync(scope.BrokerPort, scope.Config.Meter(id), start, nextSeq[id], acked[id], stop.Token)))
                .ToArray();
            var target = acked.Values.Sum(a => a.Count) + 300;
            await scope.Hub.EventuallyAsync(
                async () => acked.Values.Sum(a => a.Count) >= target && (await scope.Hub.GetJsonAsync("/api/blocks?limit=1")).GetProperty("items").GetArrayLength() > 0,
                TimeSpan.FromSeconds(90),
                "300 more readings acknowledged and a block sealed");
            await scope.Hub.KillHardAsync();
            await stop.CancelAsync();
            var sent = await Task.WhenAll(publishers);
            foreach (var (id, last) in MeterIds.Zip(sent))
            {
                nextSeq[id] = last + 1;
            }

            await scope.RestartAsync();
        }

        // Every acknowledged reading is there once; then everything gets sealed, each reading in exactly one block.
        var all = new List<JsonElement>();
        foreach (var id in MeterIds)
        {
            var stored = await scope.Hub.AllReadingsAsync(id);
            var seqs = stored.Select(ReadingAssert.Seq).ToList();
            Assert.Equal(seqs.Count, seqs.Distinct().Count());
            var lost = acked[id].Keys.Where(seq => !seqs.Contains(seq)).ToList();
            Assert.True(lost.Count == 0, $"{id}: acknowledged but lost: {string.Join(", ", lost.Take(20))}");
        }

        await scope.Hub.EventuallyAsync(
            async () =>
            {
                all.Clear();
                foreach (var id in MeterIds)
                {
                    all.AddRange(await scope.Hub.AllReadingsAsync(id));
                }

                return all.All(r => r.GetProperty("blockHeight").ValueKind == JsonValueKind.Number);
            },
            TimeSpan.FromSeconds(30),
            "every reading sealed");
        var blocks = await AllBlocksAsync(scope.Hub);
        Assert.Equal(all.Count, blocks.Sum(b => b.GetProperty("readingCount").GetInt32()));
        Assert.Equal(Enumerable.Range(1, blocks.Count).Select(h => (long)h), blocks.Select(b => b.GetProperty("height").GetInt64()).Order());
        var sample = all[all.Count / 2];
        var proof = await scope.Hub.GetJsonAsync($"/api/readings/{sample.GetProperty("id").GetInt64()}/proof");
        Assert.Equal(sample.GetProperty("blockHeight").GetInt64(), proof.GetProperty("blockHeight").GetInt64());
        Assert.StartsWith("0x", proof.GetProperty("root").GetString(), StringComparison.Ordinal);

        await scope.Hub.TerminateAsync();
        var (code, log) = await VerifyAsync(scope.Hub.ConfigPath);
        Assert.True(code == 0, $"verify exited {code}:\n{log}");

        // An edit to one stored reading in the LiteDB file, with the hub stopped, is named by verify.
        var victim = all[all.Count / 3].GetProperty("id").GetInt64();
        using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(scope.DataDir, "smartmeter.db"), Connection = ConnectionType.Direct }))
        {
            var readings = db.GetCollection("readings");
            var doc = readings.FindById(victim);
            doc["ei"] = doc["ei"].AsDouble - 5;
            Assert.True(readings.Update(doc));
            db.Checkpoint();
        }

        (code, log) = await VerifyAsync(scope.Hub.ConfigPath);
        Assert.True(code == 1, $"verify exited {code} after tampering:\n{log}");
        Assert.Contains($"reading {victim}:", log, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Log)> VerifyAsync(string configPath)
    {
        await using var verify = ChildProcess.Start("verify", DotnetHost.Path, [RepoPaths.HubHostDll, "verify", "--config", configPath], workingDirectory: Path.GetDirectoryName(configPath));
        var code = await verify.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (code, verify.Log);
    }

    private static async Task<List<JsonElement>> AllBlocksAsync(HubProcess hub)
    {
        var blocks = new List<JsonElement>();
        string query = "/api/blocks?limit=1000";
        while (true)
        {
            var page = await hub.GetJsonAsync(query);
            blocks.AddRange(page.GetProperty("items").EnumerateArray());
            if (page.GetProperty("next").ValueKind != JsonValueKind.Number)
            {
                return blocks;
            }

            query = $"/api/blocks?limit=1000&before={page.GetProperty("next").GetInt64()}";
        }
    }

    /// <summary>Publishes QoS 1 readings from <paramref name="firstSeq"/> on until the hub dies or stop; returns the last seq sent.</summary>
    private static async Task<ulong> PublishAsync(int port, HubMeter meter, DateTimeOffset start, ulong firstSeq, ConcurrentDictionary<ulong, bool> acked, CancellationToken stop)
    {
        var seq = firstSeq - 1;
        try
        {
            await using var client = await MeterClient.ConnectAsync(port, meter, stop);
            while (!stop.IsCancellationRequested)
            {
                seq++;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await client.PublishAsync(Readings.Household(meter.Id, seq, start), timeout.Token);
                acked[seq] = true;
            }
        }
        catch (Exception)
        {
            // The hub died under this publish: sent, not acknowledged.
        }

        return seq;
    }
}
