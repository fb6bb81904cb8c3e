using Hub.Bench;
using SmartMeter.Peers;

if (args is ["modbus", ..])
{
    return await ModbusBench.MainAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["dsmr", ..])
{
    return await DsmrBench.MainAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["chain", ..])
{
    return await ChainBench.MainAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["coap", ..])
{
    return await CoapBench.MainAsync(args[1..]).ConfigureAwait(false);
}

if (args is ["series", ..])
{
    return await SeriesBench.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "ledger")
{
    return LedgerBench.Run(args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"bench: {ex.Message}\n{BenchOptions.Usage}").ConfigureAwait(false);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var machine = MachineInfo.Collect();
Console.WriteLine($"bench ingest: {options.TotalReadings:N0} readings, {options.Meters} meters, {options.Inflight} in flight per meter; {machine}");
try
{
    Console.WriteLine("(a) transport: mosquitto → mosquitto_sub -q 1 …");
    var transport = await TransportBench.RunAsync(options, cancel.Token).ConfigureAwait(false);
    Console.WriteLine($"    {transport.DeliveredPerSecond:N0} delivered/s (last PUBACK after {transport.PublishElapsed.TotalSeconds:0.0} s, all delivered after {transport.Elapsed.TotalSeconds:0.0} s)");
    Console.WriteLine("(b) hub: durable readings/s …");
    var hub = await HubIngestBench.RunAsync(options, cancel.Token).ConfigureAwait(false);
    Console.WriteLine($"    {hub.DurablePerSecond:N0} durable/s, peak RSS {hub.PeakRssBytes / 1e6:0.0} MB");
    Console.WriteLine($"(c) idle hub for {options.IdleSeconds} s …");
    var idle = await IdleBench.RunAsync(options, cancel.Token).ConfigureAwait(false);

    var command = "./smartmeter bench" + (args.Length > 0 ? " " + string.Join(' ', args) : string.Empty);
    var report = new IngestReport(machine, TimeProvider.System.GetUtcNow(), command, options, transport, hub, idle);
    Console.WriteLine();
    Console.Write(report.ToConsoleTable());
    var outPath = Path.GetFullPath(options.Out, RepoPaths.Root);
    BenchmarksDoc.WriteSection(outPath, "ingest", report.ToMarkdown());
    Console.WriteLine($"\nwritten to {outPath}");
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
