using System.Diagnostics;
using System.Globalization;
using Hub.Plugins.Modbus.Polling;
using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// <c>./smartmeter bench modbus [--runs 30] [--out docs/benchmarks.md]</c>: one full SDM630 poll by the hub's client
/// and profile reader against Debian's pymodbus, and Debian's mbpoll (-1, one shot) reading the same 76 registers
/// from the same server in the same run; medians over the runs.
/// </summary>
public static class ModbusBench
{
    public const string Usage = "usage: ./smartmeter bench modbus [--runs 30] [--out docs/benchmarks.md]";

    public static async Task<int> MainAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var runs = 30;
        var outFile = "docs/benchmarks.md";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    runs = n;
                    i++;
                    break;
                case "--out" when i + 1 < args.Count:
                    outFile = args[++i];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"bench: unknown argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        var machine = MachineInfo.Collect();
        Console.WriteLine($"bench modbus: {runs} runs; {machine}");
        try
        {
            var result = await RunAsync(runs).ConfigureAwait(false);
            var command = "./smartmeter bench modbus" + (args.Count > 0 ? " " + string.Join(' ', args) : string.Empty);
            var markdown = result.ToMarkdown(machine, TimeProvider.System.GetUtcNow(), command);
            Console.WriteLine();
            Console.WriteLine(markdown);
            var outPath = Path.GetFullPath(outFile, RepoPaths.Root);
            BenchmarksDoc.WriteSection(outPath, "modbus", markdown);
            Console.WriteLine($"written to {outPath}");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or PeerExitedException)
        {
            await Console.Error.WriteLineAsync($"bench: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<ModbusBenchResult> RunAsync(int runs)
    {
        var profile = ProfileLoader.LoadFile(Path.Combine(ProfileLibrary.ShippedDirectory, "eastron-sdm630.json"));
        var registers = new ushort[0x4C];
        for (var i = 0; i < registers.Length; i += 2)
        {
            RegisterEncoder.FromSingle(230.5f + i).CopyTo(registers.AsSpan(i));
        }

        var block = "1:ir:0:" + string.Join(',', registers.Select(r => "0x" + r.ToString("X4", CultureInfo.InvariantCulture)));
        await using var server = ChildProcess.Start(
            "pymodbus",
            "/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Peers", "pymodbus_server.py"), "tcp", "--port", "0", "--block", block],
            redirectStandardInput: true);
        var line = await server.WaitForLineAsync(l => l.StartsWith("LISTENING tcp", StringComparison.Ordinal), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var port = int.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
        var endpoint = new ModbusTcpEndpoint("127.0.0.1", port);
        var options = new ModbusClientOptions { RequestTimeout = TimeSpan.FromSeconds(2), Retry = ModbusRetryPolicy.None };

        var coalesced = new ProfileReader(profile);
        var naive = new ProfileReader(profile with { MaxGapRegisters = 0 });
        var naiveBlocks = profile.Quantities.Select(q => new ReadBlock(q.Function, q.Register, (ushort)q.Width)).ToList();

        Console.WriteLine($"(a) hub: client + eastron-sdm630 profile, connection kept open ({coalesced.Blocks.Count} request(s) per cycle) …");
        var kept = new List<double>();
        await using (var client = new ModbusTcpClient(endpoint, options))
        {
            for (var i = 0; i < runs + 5; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var values = await coalesced.ReadAsync(client, 1, CancellationToken.None).ConfigureAwait(false);
                _ = values.Build("bench", TimeProvider.System.GetUtcNow()) ?? throw new InvalidOperationException("nothing decoded");
                if (i >= 5)
                {
                    kept.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        Console.WriteLine("(b) hub: the same with a new TCP connection per cycle (what mbpoll -1 does) …");
        var fresh = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var client = new ModbusTcpClient(endpoint, options))
            {
                var values = await coalesced.ReadAsync(client, 1, CancellationToken.None).ConfigureAwait(false);
                _ = values.Build("bench", TimeProvider.System.GetUtcNow());
            }

            if (i >= 2)
            {
                fresh.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        Console.WriteLine($"(c) hub: naive, one request per quantity ({naiveBlocks.Count} requests), connection kept open …");
        var naiveTimes = new List<double>();
        await using (var client = new ModbusTcpClient(endpoint, options))
        {
            for (var i = 0; i < runs + 5; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var snapshot = new RegisterSnapshot();
                foreach (var b in naiveBlocks)
                {
                    snapshot.Add(b, await b.ReadAsync(client, 1, CancellationToken.None).ConfigureAwait(false));
                }

                _ = coalesced.Decode(snapshot).Build("bench", TimeProvider.System.GetUtcNow());
                if (i >= 5)
                {
                    naiveTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        Console.WriteLine("(d) mbpoll -m tcp -a 1 -t 3:float -B -r 1 -c 38 -1 (process start, connect, one read) …");
        var mbpoll = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var elapsed = await RunMbpollAsync(port).ConfigureAwait(false);
            if (i >= 2)
            {
                mbpoll.Add(elapsed);
            }
        }

        return new ModbusBenchResult(runs, coalesced.Blocks.Count, naive.Blocks.Count, naiveBlocks.Count, kept, fresh, naiveTimes, mbpoll);
    }

    private static async Task<double> RunMbpollAsync(int port)
    {
        var info = new ProcessStartInfo("mbpoll")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-m", "tcp", "-a", "1", "-t", "3:float", "-B", "-r", "1", "-c", "38", "-1", "-p", port.ToString(CultureInfo.InvariantCulture), "127.0.0.1"])
        {
            info.ArgumentList.Add(a);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("mbpoll did not start (is Debian's mbpoll installed?)");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var text = await output.ConfigureAwait(false);
        if (process.ExitCode != 0 || !text.Contains("[75]:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"mbpoll failed ({process.ExitCode}): {text}{await errors.ConfigureAwait(false)}");
        }

        return elapsed;
    }
}
