using System.Diagnostics;
using System.Globalization;
using Hub.Ledger;
using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Ledger.Storage;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// <c>./smartmeter bench ledger [--readings 100000] [--block 10000] [--proofs 20000] [--out docs/benchmarks.md]</c>:
/// the store's own sealing rate (readings/s, blocks of Hub:MaxBlockReadings, each fsynced) and proof generation
/// (proofs/s), on a real LiteDB file in a temporary folder, with readings judged by the real rules.
/// </summary>
internal static class LedgerBench
{
    public static int Run(string[] args)
    {
        int readings = 100_000, block = 10_000, proofs = 20_000;
        var outFile = "docs/benchmarks.md";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--readings" when int.TryParse(value, CultureInfo.InvariantCulture, out var r) && r > 0: readings = r; i++; break;
                case "--block" when int.TryParse(value, CultureInfo.InvariantCulture, out var b) && b is > 0 and <= 100_000: block = b; i++; break;
                case "--proofs" when int.TryParse(value, CultureInfo.InvariantCulture, out var p) && p > 0: proofs = p; i++; break;
                case "--out" when value is not null: outFile = value; i++; break;
                default:
                    Console.Error.WriteLine($"bench ledger: bad argument '{args[i]}'\nusage: ./smartmeter bench ledger [--readings 100000] [--block 10000] [--proofs 20000] [--out docs/benchmarks.md]");
                    return 2;
            }
        }

        var machine = MachineInfo.Collect();
        Console.WriteLine($"bench ledger: {readings:N0} readings, blocks of {block:N0}, {proofs:N0} proofs; {machine}");
        var dir = Directory.CreateTempSubdirectory("smartmeter-bench-ledger-");
        try
        {
            using var store = new LiteStore(dir.FullName, 64L * 1024 * 1024);
            Fill(store, readings);
            var key = Secp256k1Key.Generate();

            var seal = Stopwatch.StartNew();
            var blocks = 0;
            while (store.SealNext(key, block, TimeProvider.System.GetUtcNow()) is not null)
            {
                blocks++;
            }

            seal.Stop();
            var sealRate = readings / seal.Elapsed.TotalSeconds;
            Console.WriteLine($"    sealing: {readings:N0} readings into {blocks} blocks in {seal.Elapsed.TotalSeconds:0.00} s = {sealRate:N0} readings/s");

            var random = new Random(42);
            var proof = Stopwatch.StartNew();
            for (var i = 0; i < proofs; i++)
            {
                var id = random.NextInt64(1, readings + 1);
                var p = store.GetProof(id) ?? throw new InvalidOperationException($"no proof for reading {id}");
                if (!MerkleTree.Verify(p.Leaf, p.Siblings, p.Block.Header.MerkleRoot))
                {
                    throw new InvalidOperationException($"the proof of reading {id} does not verify");
                }
            }

            proof.Stop();
            var proofRate = proofs / proof.Elapsed.TotalSeconds;
            Console.WriteLine($"    proofs: {proofs:N0} random readings (generated and checked) in {proof.Elapsed.TotalSeconds:0.00} s = {proofRate:N0} proofs/s");

            var command = "./smartmeter bench ledger" + (args.Length > 0 ? " " + string.Join(' ', args) : string.Empty);
            var markdown = string.Create(CultureInfo.InvariantCulture, $"""
                ## Ledger: sealing and proofs

                Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC with `{command}` on {machine}
                (load average at the end of the run: {LoadAverage()}; the machine is shared, so figures are lower bounds).
                A real LiteDB store in a temporary folder; readings judged by the real rules, then sealed by the store's
                writer path (one transaction + fsync per block, hub-signed); proofs for random readings, each checked.

                | measure | result |
                | --- | --- |
                | sealing {readings:N0} readings (blocks of {block:N0}, {blocks} blocks) | {sealRate:N0} readings/s ({seal.Elapsed.TotalSeconds:0.00} s) |
                | proof generation ({proofs:N0} random readings, generated + verified) | {proofRate:N0} proofs/s |
                """);
            var outPath = Path.GetFullPath(outFile, RepoPaths.Root);
            BenchmarksDoc.WriteSection(outPath, "ledger", markdown);
            Console.WriteLine($"written to {outPath}");
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Household readings of three meters at one per minute, judged and committed in batches of 1000.</summary>
    private static void Fill(LiteStore store, int count)
    {
        var rules = new RuleOptions();
        var start = TimeProvider.System.GetUtcNow().AddDays(-20);
        var histories = new Dictionary<string, MeterHistory?>(StringComparer.Ordinal);
        var batch = new List<StoredReading>(1000);
        string[] meters = ["house", "solar", "heat-pump"];
        for (var id = 1L; id <= count; id++)
        {
            var meter = meters[id % 3];
            var n = (ulong)(id / 3);
            var reading = Readings.Household(meter, n, start) with { Timestamp = start.AddMinutes((double)n) };
            var history = histories.GetValueOrDefault(meter);
            var verdicts = RuleEngine.Evaluate(reading, reading.Timestamp.AddSeconds(1), history, rules);
            var valid = verdicts.All(v => v.Ok);
            histories[meter] = MeterHistory.After(history, reading, valid);
            batch.Add(new StoredReading(id, reading, reading.Timestamp.AddSeconds(1), valid, verdicts, null));
            if (batch.Count == 1000 || id == count)
            {
                var c = store.Counters;
                store.CommitBatch(batch, [], new StoreCounters(c.Readings + batch.Count, c.InvalidReadings + batch.Count(r => !r.Valid), id + 1, c.NextAlertId));
                batch.Clear();
            }
        }
    }
}
