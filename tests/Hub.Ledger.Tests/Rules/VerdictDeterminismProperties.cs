using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hub.Ledger.Tests.Blocks;
using Hub.Ledger.Verification;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;

namespace Hub.Ledger.Tests.Rules;

/// <summary>
/// Verdicts are identical across two runs and across a restart, with every rule on: power-energy and sub-meter
/// (house with sub-meters garage and ev) included. Readings come out of order, at repeated instants, with
/// counters that fall, jump or contradict the power, so that every rule both passes and fails along the way.
/// </summary>
public sealed class VerdictDeterminismProperties
{
    private static readonly string[] Meters = ["house", "solar", "garage", "ev"];

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Rules:PowerEnergyTolerancePercent"] = "10",
        ["Rules:SubMeterTolerancePercent"] = "5",
        ["Meters:2:Parent"] = "house",
        ["Meters:3:Parent"] = "house",
    };

    [Property(MaxTest = 200)]
    public bool Verdicts_are_identical_across_two_runs_of_the_rules(PositiveInt count, int seed)
    {
        var readings = Generate(Math.Min(count.Get, 150), seed);
        var first = RunJudge(readings);
        var second = RunJudge(readings);
        return first.SequenceEqual(second);
    }

    [Property(MaxTest = 12)]
    public Property Verdicts_are_identical_across_two_ledgers_and_a_restart_and_verify_agrees(PositiveInt count, NonNegativeInt cut, int seed)
    {
        var readings = Generate(10 + (count.Get % 50), seed);
        var split = cut.Get % readings.Count;
        using var once = new TempDir();
        using var restarted = new TempDir();
        var straight = Ledger(once.Path, [readings], burst: false).GetAwaiter().GetResult();
        var withRestart = Ledger(restarted.Path, [readings.Take(split).ToList(), readings.Skip(split).ToList()], burst: true).GetAwaiter().GetResult();
        var report = LedgerVerifier.Verify(LedgerFiles.Config(restarted.Path, ConfigWithMeters()));
        var judged = RunJudge(readings);

        return (straight.SequenceEqual(withRestart) && report.Intact && straight.SequenceEqual(judged.Where(v => v is not null)))
            .Label($"{readings.Count} readings, restart after {split}: {report.Problem}; first difference: {FirstDifference(straight, withRestart)}");
    }

    [Fact]
    public void The_generated_readings_exercise_the_new_rules_both_ways()
    {
        var verdicts = Enumerable.Range(0, 20).SelectMany(seed => RunJudge(Generate(150, seed))).Where(v => v is not null).SelectMany(v => v!.Split('\n')).ToList();
        foreach (var rule in new[] { RuleNames.PowerEnergy, RuleNames.SubMeter })
        {
            Assert.Contains(verdicts, v => v.StartsWith($"{rule} ok", StringComparison.Ordinal) && !v.Contains("not checked", StringComparison.Ordinal));
            Assert.Contains(verdicts, v => v.StartsWith($"{rule} failed", StringComparison.Ordinal));
        }
    }

    private static Dictionary<string, string?> ConfigWithMeters()
    {
        var all = new Dictionary<string, string?>(Settings)
        {
            ["Meters:2:Id"] = "garage",
            ["Meters:2:Plugin"] = "mqtt",
            ["Meters:3:Id"] = "ev",
            ["Meters:3:Plugin"] = "mqtt",
        };
        return all;
    }

    /// <summary>Each reading's verdicts as text (null for a reading the store would answer as a duplicate).</summary>
    private static List<string?> RunJudge(IReadOnlyList<Reading> readings)
    {
        var configuration = LedgerFiles.Config("/unused", ConfigWithMeters());
        var rules = configuration.GetSection(RuleOptions.SectionName).Get<RuleOptions>()!;
        var judge = new ReadingJudge(rules, new MeterCatalog(configuration));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string?>();
        foreach (var reading in readings)
        {
            if (!seen.Add(reading.DedupKey))
            {
                result.Add(null);
                continue;
            }

            var verdicts = judge.Judge(reading, reading.Timestamp.AddSeconds(5));
            result.Add(Text(verdicts));
            judge.Accept(reading, verdicts.All(v => v.Ok));
        }

        return result;
    }

    private static async Task<List<string>> Ledger(string dir, IEnumerable<IReadOnlyList<Reading>> runs, bool burst)
    {
        foreach (var run in runs)
        {
            await using var ledger = await LedgerHost.StartAsync(dir, Meters, Settings);
            if (burst)
            {
                // Queued together so that the writer judges several in one batch (its batch-local histories).
                await Task.WhenAll(run.Select(r => ledger.Ingest.IngestAsync(r).AsTask()));
            }
            else
            {
                foreach (var reading in run)
                {
                    await ledger.Ingest.IngestAsync(reading);
                }
            }
        }

        await using var reader = await LedgerHost.StartAsync(dir, Meters, Settings);
        return [.. reader.Ledger.Store.AllReadings().Select(r => Text(r.Verdicts))];
    }

    private static string Text(IReadOnlyList<Verdict> verdicts) =>
        string.Join("\n", verdicts.Select(v => $"{v.Rule} {(v.Ok ? "ok" : "failed")}: {v.Detail}"));

    private static string FirstDifference(List<string> a, List<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i] != b[i])
            {
                return $"reading #{i + 1}:\n{a[i]}\nvs\n{b[i]}";
            }
        }

        return a.Count == b.Count ? "none" : $"{a.Count} vs {b.Count} readings";
    }

    /// <summary>A mostly plausible stream for the four meters, with a few of each kind of fault.</summary>
    private static List<Reading> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        start = ReadingJson.TruncateToMilliseconds(start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond)));
        var state = Meters.ToDictionary(m => m, m => (At: start, Import: 1000.0 * (1 + Array.IndexOf(Meters, m)), Export: 0.0, Power: 400.0, Seq: 0UL));
        var readings = new List<Reading>(count);
        for (var i = 0; i < count; i++)
        {
            // The parent reports most often, so that the sub-meter rule usually has an interval to check.
            var meter = random.Next(10) switch { < 4 => "house", < 6 => "garage", < 8 => "ev", _ => "solar" };
            var s = state[meter];
            var step = random.Next(1, 90);
            var power = meter == "solar" ? -random.Next(0, 3000) : random.Next(0, meter == "house" ? 9000 : 2500);
            var average = (s.Power + power) / 2;
            var import = s.Import + (Math.Max(average, 0) * step / 3600);
            var export = s.Export + (Math.Max(-average, 0) * step / 3600);
            var at = s.At.AddSeconds(step);
            switch (random.Next(20))
            {
                case 0: at = s.At.AddSeconds(-random.Next(1, 60)); break;   // out of order
                case 1: at = s.At; break;                                   // a second reading at the same instant
                case 2: import = s.Import - random.Next(1, 50); break;       // a falling counter
                case 3: import += random.Next(100, 2000); break;            // a jump the power does not explain
                case 4: power = random.Next(0, 10); break;                  // a power the counter does not match
                case 5: power = random.Next(2000, 6000); import += power * step / 3600.0; break; // a heavy load (sub-meters may outrun the parent)
                default: break;
            }

            var reading = new Reading
            {
                MeterId = meter,
                Timestamp = ReadingJson.TruncateToMilliseconds(at),
                EnergyImportWh = Math.Round(import, 3),
                EnergyExportWh = Math.Round(export, 3),
                PowerW = power,
                Seq = s.Seq + 1,
            };
            readings.Add(reading);
            if (random.Next(30) == 0)
            {
                readings.Add(reading); // an exact re-delivery
            }

            state[meter] = (at > s.At ? at : s.At, Math.Max(import, s.Import), Math.Max(export, s.Export), power, s.Seq + 1);
        }

        return readings;
    }
}
