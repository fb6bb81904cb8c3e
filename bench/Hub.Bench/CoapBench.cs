using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Plugins.Coap.Protocol.Codec;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// <c>./smartmeter bench coap</c>: confirmable CoAP requests per second over loopback, (a) answered by Debian's
/// libcoap <c>coap-server-notls</c> (PUT /example_data: kept in memory) and (b) stored durably by the hub's CoAP
/// server (POST /readings: 2.04 only after the reading's group commit is fsynced), the same load generator (the hub's
/// own CoAP client) against both in the same run; then the hub's store is counted to show every 2.04 is there.
/// </summary>
public static class CoapBench
{
    public static async Task<int> MainAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        CoapBenchOptions options;
        try
        {
            options = CoapBenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"bench: {ex.Message}\n{CoapBenchOptions.Usage}").ConfigureAwait(false);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var machine = MachineInfo.Collect();
        Console.WriteLine($"bench coap: {options.Clients} clients x {options.Inflight} confirmable requests in flight, {options.WarmupSeconds} s warm-up + {options.Seconds} s per server; {machine}");
        try
        {
            Console.WriteLine("(a) coap-server-notls: CON PUT /example_data …");
            var libcoap = await RunLibcoapAsync(options, cancel.Token).ConfigureAwait(false);
            Console.WriteLine(Summary(libcoap));
            Console.WriteLine("(b) hub: CON POST /readings, 2.04 when durable …");
            var (hub, check) = await RunHubAsync(options, cancel.Token).ConfigureAwait(false);
            Console.WriteLine(Summary(hub));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    store: {check.Stored:N0} readings for {check.Acknowledged:N0} 2.04 answers; {check.Invalid} invalid"));

            var command = "./smartmeter bench coap" + (args.Count > 0 ? " " + string.Join(' ', args) : string.Empty);
            var report = new CoapBenchReport(machine, TimeProvider.System.GetUtcNow(), command, LoadAverage(), options, libcoap, hub, check);
            var markdown = report.ToMarkdown();
            Console.WriteLine();
            Console.WriteLine(markdown);
            var outPath = Path.GetFullPath(options.Out, RepoPaths.Root);
            BenchmarksDoc.WriteSection(outPath, "coap", markdown);
            Console.WriteLine($"written to {outPath}");
            return 0;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("bench: interrupted").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or PeerExitedException)
        {
            await Console.Error.WriteLineAsync($"bench: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<CoapServerRun> RunLibcoapAsync(CoapBenchOptions options, CancellationToken cancellationToken)
    {
        // libcoap 4.3.1's example server answers POST /example_data with 4.05; PUT stores the body (in memory) and answers 2.04.
        var port = Libcoap.FreeUdpPort();
        await using var server = ChildProcess.Start(
            "coap-server-notls",
            "coap-server-notls",
            ["-A", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-v", "0"]);
        await WaitForLibcoapAsync(server, port, cancellationToken).ConfigureAwait(false);
        await using var load = NewLoad(port, CoapCode.Put, "/example_data", options);
        var name = $"libcoap {await LibcoapVersionAsync().ConfigureAwait(false)} `coap-server-notls -v 0`";
        return await MeasureAsync(name, "PUT /example_data", load, server.Id, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(CoapServerRun Run, CoapDurabilityCheck Check)> RunHubAsync(CoapBenchOptions options, CancellationToken cancellationToken)
    {
        using var directory = TestDirectory.Create("bench-coap");
        var port = Libcoap.FreeUdpPort();
        await using var load = NewLoad(port, CoapCode.Post, "/readings", options);
        var config = HubConfig.Create(directory.Combine("data")) with
        {
            BrokerPort = null,
            ExtraSections = new Dictionary<string, JsonNode> { ["Coap"] = new JsonObject { ["Port"] = port, ["BindAddress"] = "127.0.0.1" } },
            OtherMeters = [.. load.MeterIds.Select(id => new JsonObject { ["Id"] = id, ["Plugin"] = "coap" })],
        };
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"), cancellationToken: cancellationToken).ConfigureAwait(false);
        var run = await MeasureAsync("hub (Hub.Host, Release) `Coap` plugin", "POST /readings", load, hub.HubPid, options, cancellationToken).ConfigureAwait(false);
        var check = await CheckStoreAsync(hub, run, load, cancellationToken).ConfigureAwait(false);
        await hub.TerminateAsync().ConfigureAwait(false);
        return (run, check);
    }

    // The same base time for both servers: readings of the last two days, inside the hub's MaxAgeDays and skew rules.
    private static CoapLoad NewLoad(int port, CoapCode method, string path, CoapBenchOptions options) =>
        new(new IPEndPoint(IPAddress.Loopback, port), method, path, options.Clients, options.Inflight, TimeProvider.System.GetUtcNow().AddDays(-2));

    private static async Task<CoapServerRun> MeasureAsync(string serverName, string request, CoapLoad load, int serverPid, CoapBenchOptions options, CancellationToken cancellationToken)
    {
        var warmup = options.WarmupSeconds > 0
            ? await load.RunAsync(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken).ConfigureAwait(false)
            : new CoapPhaseResult(0, 0, 0, 0, TimeSpan.Zero, [], null);
        var cpuBefore = ProcessCpu.Used(serverPid) ?? TimeSpan.Zero;
        var measured = await load.RunAsync(TimeSpan.FromSeconds(options.Seconds), cancellationToken).ConfigureAwait(false);
        var cpu = (ProcessCpu.Used(serverPid) ?? throw new InvalidOperationException($"{serverName} exited during the load.")) - cpuBefore;
        if (measured.Acknowledged == 0)
        {
            throw new InvalidOperationException($"{serverName} answered no {request} with 2.04: {measured.FirstProblem}");
        }

        var peak = (ProcFs.StatusKiloBytes(serverPid, "VmHWM") ?? 0) * 1024;
        return new CoapServerRun(serverName, request, warmup, measured, cpu, peak);
    }

    private static async Task<CoapDurabilityCheck> CheckStoreAsync(HubProcess hub, CoapServerRun run, CoapLoad load, CancellationToken cancellationToken)
    {
        var acknowledged = run.Warmup.Acknowledged + run.Measured.Acknowledged;
        var (_, health) = await hub.HealthAsync(cancellationToken).ConfigureAwait(false);
        var store = health.GetProperty("store");
        var stored = store.GetProperty("readings").GetInt64();
        var invalid = store.GetProperty("invalidReadings").GetInt64();

        // A 2.04 is sent only after the reading is durable, so the store holds at least every acknowledged reading; it
        // may hold a few more (stored, but the 2.04 was lost and the client gave up).
        if (stored < acknowledged)
        {
            throw new InvalidOperationException($"the hub acknowledged {acknowledged} readings but stores {stored}.\n{hub.Log}");
        }

        // The first and the last meter, reading by reading: every acknowledged seq is among the stored ones.
        var sampled = new[] { load.MeterIds[0], load.MeterIds[^1] };
        long sampledAcknowledged = 0;
        foreach (var meterId in sampled)
        {
            var seqs = (await hub.AllReadingsAsync(meterId, cancellationToken).ConfigureAwait(false))
                .Select(r => r.GetProperty("seq").GetUInt64())
                .ToHashSet();
            var missing = load.AcknowledgedSeqs(meterId).Where(s => !seqs.Contains(s)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"meter {meterId}: seq {string.Join(", ", missing.Take(10))} acknowledged with 2.04 but not in /api/readings.");
            }

            sampledAcknowledged += load.AcknowledgedSeqs(meterId).Count;
        }

        return new CoapDurabilityCheck(acknowledged, stored, invalid, sampled, sampledAcknowledged);
    }

    private static async Task WaitForLibcoapAsync(ChildProcess server, int port, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"coap-server-notls exited with code {server.ExitCode}.\n{server.Log}");
            }

            var (code, output) = await Libcoap.ClientAsync("-B", "1", $"coap://127.0.0.1:{port}/.well-known/core").ConfigureAwait(false);
            if (code == 0 && output.Contains("</example_data>", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"coap-server-notls did not answer GET /.well-known/core on port {port}.\n{server.Log}");
    }

    /// <summary>The version libcoap's tools print in their usage text (<c>coap-client-notls v4.3.1 -- …</c>).</summary>
    private static async Task<string> LibcoapVersionAsync()
    {
        var (_, usage) = await Libcoap.ClientAsync().ConfigureAwait(false);
        var match = Regex.Match(usage, @" v(\d+(?:\.\d+)+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups[1].Value : "(version unknown)";
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

    private static string Summary(CoapServerRun run) => string.Create(
        CultureInfo.InvariantCulture,
        $"    {run.Measured.PerSecond:N0} 2.04/s, p50 {run.Measured.PercentileMs(0.5):0.00} ms, p95 {run.Measured.PercentileMs(0.95):0.00} ms; {run.Measured.Rejected} other answers, {run.Measured.TimedOut} given up, {run.Measured.Retransmissions} retransmissions");
}
