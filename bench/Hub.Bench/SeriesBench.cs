using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Hub.Ledger;
using Hub.Ledger.Series;
using Hub.Ledger.Storage;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// <c>./smartmeter bench series [--days 365] [--requests 300] [--out docs/benchmarks.md]</c>: a store with one-minute
/// readings of three meters over <c>--days</c> (365 days = 1,576,800 readings), written through the store's batch
/// path and rolled up, then <c>GET /api/series</c> for one month at hourly steps against a real Hub.Host process
/// (p50/p95 over many requests). The generated store is cached beside the bench binary, so re-runs start at once.
/// </summary>
internal static class SeriesBench
{
    private static readonly string[] Meters = ["house", "solar", "heat-pump"];
    private static readonly string[] Quantities = ["energyImportWh", "powerW", "voltageV"];

    public static async Task<int> RunAsync(string[] args)
    {
        int days = 365, requests = 300;
        var outFile = "docs/benchmarks.md";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--days" when int.TryParse(value, CultureInfo.InvariantCulture, out var d) && d is > 0 and <= 3650: days = d; i++; break;
                case "--requests" when int.TryParse(value, CultureInfo.InvariantCulture, out var r) && r > 0: requests = r; i++; break;
                case "--out" when value is not null: outFile = value; i++; break;
                default:
                    await Console.Error.WriteLineAsync($"bench series: bad argument '{args[i]}'\nusage: ./smartmeter bench series [--days 365] [--requests 300] [--out docs/benchmarks.md]").ConfigureAwait(false);
                    return 2;
            }
        }

        var machine = MachineInfo.Collect();
        var readings = (long)days * 1440 * Meters.Length;
        Console.WriteLine($"bench series: {days} days of one-minute readings for {Meters.Length} meters ({readings:N0} readings), {requests} requests; {machine}");
        var dataDir = Path.Combine(AppContext.BaseDirectory, "series-cache", string.Create(CultureInfo.InvariantCulture, $"{days}d"));
        var (end, generated) = await EnsureStoreAsync(dataDir, days).ConfigureAwait(false);
        var rangeDays = Math.Min(30, days);
        var from = end.AddDays(-rangeDays);

        var work = Directory.CreateTempSubdirectory("smartmeter-bench-series-");
        try
        {
            var config = HubConfig.Create(dataDir, Meters) with
            {
                // The sealer is parked (sealing is `bench ledger`'s): the query is timed on an otherwise idle hub.
                HubSettings = new Dictionary<string, double> { ["BlockSeconds"] = 86400 },
            };
            await using var hub = await HubProcess.StartAsync(config, Path.Combine(work.FullName, "hub.json"), startTimeout: TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            using var http = hub.AnonymousClient();
            http.Timeout = TimeSpan.FromSeconds(30);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", hub.OwnerToken);
            var points = 0;
            for (var i = 0; i < 20; i++)
            {
                points = await QueryAsync(http, i, from, end, rangeDays).ConfigureAwait(false); // warm-up: JIT, LiteDB page cache
            }

            var latencies = new double[requests];
            for (var i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                await QueryAsync(http, i, from, end, rangeDays).ConfigureAwait(false);
                latencies[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(latencies);
            var p50 = Percentile(latencies, 0.50);
            var p95 = Percentile(latencies, 0.95);
            var max = latencies[^1];
            Console.WriteLine($"    /api/series {rangeDays} days hourly ({points} points): p50 {p50:0.0} ms, p95 {p95:0.0} ms, max {max:0.0} ms (goal < 50 ms)");

            var command = "./smartmeter bench series" + (args.Length > 0 ? " " + string.Join(' ', args) : string.Empty);
            var markdown = string.Create(CultureInfo.InvariantCulture, $"""
                ## History: /api/series over a year of readings

                Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC with `{command}` on {machine}
                (the machine is shared, so figures are upper bounds). A LiteDB store with {days} days of one-minute readings of
                {Meters.Length} meters ({readings:N0} readings, judged by the real rules, written through the store's batch path,
                {(generated is null ? "cached from an earlier run" : $"generated and rolled up in {generated.Value.TotalSeconds:0} s")}),
                served by a real Hub.Host process; {requests} sequential `GET /api/series` requests over HTTP for the newest {rangeDays} days at
                step=hour ({points} points each), rotating over the meters and over energyImportWh, powerW and voltageV, after 20
                warm-up requests.

                | measure | result | goal |
                | --- | --- | --- |
                | /api/series, {rangeDays} days hourly, p50 | {p50:0.0} ms | |
                | /api/series, {rangeDays} days hourly, p95 | {p95:0.0} ms | < 50 ms |
                | /api/series, {rangeDays} days hourly, max | {max:0.0} ms | |
                """);
            var outPath = Path.GetFullPath(outFile, RepoPaths.Root);
            BenchmarksDoc.WriteSection(outPath, "series", markdown);
            Console.WriteLine($"written to {outPath}");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<int> QueryAsync(HttpClient http, int i, DateTimeOffset from, DateTimeOffset to, int rangeDays)
    {
        var path = string.Create(CultureInfo.InvariantCulture,
            $"/api/series?meter={Meters[i % Meters.Length]}&quantity={Quantities[(i / Meters.Length) % Quantities.Length]}&from={from:yyyy-MM-ddTHH:mm:ssZ}&to={to:yyyy-MM-ddTHH:mm:ssZ}&step=hour");
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}: {body}");
        }

        using var doc = JsonDocument.Parse(body);
        var points = doc.RootElement.GetProperty("points").GetArrayLength();
        if (points < 24 * rangeDays)
        {
            throw new InvalidOperationException($"{path}: only {points} points; the roll-ups are incomplete.");
        }

        return points;
    }

    /// <summary>The cached store (its newest reading time), or a new one; generating takes minutes for a year.</summary>
    private static async Task<(DateTimeOffset End, TimeSpan? Generated)> EnsureStoreAsync(string dataDir, int days)
    {
        var marker = Path.Combine(dataDir, "bench-series.json");
        if (File.Exists(marker))
        {
            var end = DateTimeOffset.Parse(await File.ReadAllTextAsync(marker).ConfigureAwait(false), CultureInfo.InvariantCulture);
            Console.WriteLine($"    using the cached store in {dataDir}");
            return (end, null);
        }

        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }

        Console.WriteLine($"    generating the store in {dataDir} (cached for later runs) …");
        var watch = Stopwatch.StartNew();
        var now = TimeProvider.System.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(-days);
        var last = start;
        using (var store = new LiteStore(dataDir, 64L * 1024 * 1024))
        {
            var rules = new RuleOptions();
            var histories = new Dictionary<string, MeterHistory?>(StringComparer.Ordinal);
            var batch = new List<StoredReading>(6000);
            var id = 1L;
            var minutes = (long)days * 1440;
            for (var minute = 0L; minute < minutes; minute++)
            {
                foreach (var meter in Meters)
                {
                    var reading = Readings.Household(meter, (ulong)minute, start) with { Timestamp = start.AddMinutes(minute) };
                    var history = histories.GetValueOrDefault(meter);
                    var verdicts = RuleEngine.Evaluate(reading, reading.Timestamp.AddSeconds(1), history, rules);
                    var valid = verdicts.All(v => v.Ok);
                    histories[meter] = MeterHistory.After(history, reading, valid);
                    batch.Add(new StoredReading(id++, reading, reading.Timestamp.AddSeconds(1), valid, verdicts, null));
                    last = reading.Timestamp;
                }

                if (batch.Count >= 6000 || minute == minutes - 1)
                {
                    var c = store.Counters;
                    store.CommitBatch(batch, [], new StoreCounters(c.Readings + batch.Count, c.InvalidReadings + batch.Count(r => !r.Valid), id, c.NextAlertId), histories);
                    batch.Clear();
                }

                if (minute % (30 * 1440) == 0 && minute > 0)
                {
                    Console.WriteLine($"      {minute / 1440} days written ({watch.Elapsed.TotalSeconds:0} s)");
                }
            }

            Console.WriteLine($"      {id - 1:N0} readings written in {watch.Elapsed.TotalSeconds:0} s; rolling up …");
            while (store.Transact(db => Rollup.RunBatch(db, rules, 20_000)).Rolled > 0)
            {
            }

            store.Checkpoint();
        }

        await File.WriteAllTextAsync(marker, last.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        Console.WriteLine($"      done in {watch.Elapsed.TotalSeconds:0} s");
        return (last.AddMinutes(1), watch.Elapsed);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
