using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Plugins.Dsmr.Obis;
using Hub.Plugins.Dsmr.Protocol;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// <c>./smartmeter bench dsmr</c>: (a) P1 telegrams per second framed, CRC-checked, parsed and mapped in process;
/// (b) the latency from a telegram written to the hub's TCP P1 port to its reading being durable (counted in /health).
/// </summary>
internal static class DsmrBench
{
    public static async Task<int> MainAsync(string[] args)
    {
        var seconds = 3.0;
        var samples = 30;
        var outFile = "docs/benchmarks.md";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--samples": samples = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": outFile = args[++i]; break;
                default:
                    await Console.Error.WriteLineAsync($"bench dsmr: unknown argument '{args[i]}' (--seconds S, --samples N, --out FILE)").ConfigureAwait(false);
                    return 2;
            }
        }

        var machine = MachineInfo.Collect();
        var map = ObisMap.Load(ObisMap.ShippedPath);
        var telegram = Telegram(DateTimeOffset.UtcNow);
        var framer = new P1Framer();
        var parsed = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var frame in framer.Push(telegram))
            {
                P1ReadingBuilder.Build(P1TelegramParser.Parse(frame.Telegram!, frame.HasCrc), map, "house", DateTimeOffset.UnixEpoch);
                parsed++;
            }
        }

        var perSecond = parsed / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"(a) {perSecond:N0} P1 telegrams/s parsed ({telegram.Length} bytes each, one core)");

        using var directory = TestDirectory.Create("bench-dsmr");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = HubConfig.Create(directory.Combine("data")) with
        {
            OtherMeters = [new JsonObject { ["Id"] = "house", ["Plugin"] = "dsmr", ["Endpoint"] = $"tcp://127.0.0.1:{port}" }],
        };
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json")).ConfigureAwait(false);
        using var client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
        var stream = client.GetStream();
        var latencies = new List<double>();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < samples; i++)
        {
            var before = await hub.StoredReadingsAsync().ConfigureAwait(false);
            var sent = Stopwatch.StartNew();
            await stream.WriteAsync(Telegram(start.AddSeconds(i))).ConfigureAwait(false);
            while (await hub.StoredReadingsAsync().ConfigureAwait(false) <= before)
            {
                if (sent.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"telegram {i} was not stored within 60 s.\n{hub.Log}");
                }

                await Task.Delay(2).ConfigureAwait(false);
            }

            latencies.Add(sent.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        var median = latencies[latencies.Count / 2];
        var p95 = latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.95) - 1)];
        Console.WriteLine($"(b) telegram → durable reading: median {median:0.0} ms, p95 {p95:0.0} ms ({samples} telegrams over TCP, /health polled every 2 ms)");
        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"`./smartmeter bench dsmr` on {machine}, {DateTimeOffset.UtcNow:yyyy-MM-dd}.")
            .AppendLine()
            .AppendLine("| what | result |")
            .AppendLine("| --- | --- |")
            .AppendLine(CultureInfo.InvariantCulture, $"| P1 telegrams parsed (framing, CRC, OBIS map; DSMR 5 three-phase with gas, {telegram.Length} bytes) | {perSecond:N0}/s on one core |")
            .AppendLine(CultureInfo.InvariantCulture, $"| telegram written to the hub's P1 TCP port → reading durable (fsynced, counted in /health) | median {median:0.0} ms, p95 {p95:0.0} ms ({samples} telegrams; includes the 2-ms polling of /health) |")
            .ToString();
        var outPath = Path.GetFullPath(outFile, RepoPaths.Root);
        BenchmarksDoc.WriteSection(outPath, "dsmr", markdown);
        Console.WriteLine($"written to {outPath}");
        return 0;
    }

    /// <summary>A DSMR 5.0.2 three-phase telegram with gas, its CRC computed.</summary>
    private static byte[] Telegram(DateTimeOffset utc)
    {
        var stamp = utc.ToOffset(TimeSpan.FromHours(1)).ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "W";
        var body = new StringBuilder("/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n")
            .Append(CultureInfo.InvariantCulture, $"0-0:1.0.0({stamp})\r\n")
            .Append("0-0:96.1.1(4530303434303037313331363530363137)\r\n1-0:1.8.1(001234.567*kWh)\r\n1-0:1.8.2(002345.678*kWh)\r\n")
            .Append("1-0:2.8.1(000012.345*kWh)\r\n1-0:2.8.2(000023.456*kWh)\r\n0-0:96.14.0(0002)\r\n1-0:1.7.0(01.193*kW)\r\n1-0:2.7.0(00.000*kW)\r\n")
            .Append("1-0:32.7.0(230.1*V)\r\n1-0:52.7.0(231.2*V)\r\n1-0:72.7.0(229.8*V)\r\n1-0:31.7.0(004*A)\r\n1-0:51.7.0(002*A)\r\n1-0:71.7.0(001*A)\r\n")
            .Append("0-1:24.1.0(003)\r\n0-1:24.2.1(170124210000W)(00671.790*m3)\r\n!")
            .ToString();
        var bytes = Encoding.ASCII.GetBytes(body);
        return [.. bytes, .. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{DsmrCrc16.Compute(bytes):X4}\r\n"))];
    }
}
