using System.Diagnostics;
using System.Globalization;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// (b) The hub (Release, embedded broker, N configured meters) under the same load; the clock stops when
/// /health store.readings reaches the total, i.e. when everything is durable.
/// </summary>
public static class HubIngestBench
{
    public static async Task<HubIngestResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var directory = TestDirectory.Create("bench-hub");
        var meters = Enumerable.Range(1, options.Meters).Select(TransportBench.MeterName);
        var config = HubConfig.Create(directory.Combine("data"), meters);
        var load = MeterLoad.Create(config.Meters, options.ReadingsPerMeter, options.Inflight);
        var total = load.Total;
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"), cancellationToken: cancellationToken).ConfigureAwait(false);
        var clock = new Stopwatch();
        var publishing = load.RunAsync(config.BrokerPort!.Value, anonymous: false, clock.Start, cancellationToken);

        // Bounded: a hub slower than 200 readings/s is reported as such rather than waited for.
        var deadline = TimeSpan.FromSeconds(Math.Max(120, total / 200.0));
        long stored = 0;
        var nextProgress = TimeSpan.FromSeconds(5);
        while (true)
        {
            if (publishing.IsFaulted)
            {
                throw new InvalidOperationException($"publishing to the hub failed: {publishing.Exception?.GetBaseException().Message}\nhub log:\n{hub.Log}", publishing.Exception);
            }

            if (hub.Process.HasExited)
            {
                throw new InvalidOperationException($"the hub exited with code {hub.Process.ExitCode} under load.\n{hub.Log}");
            }

            stored = await hub.StoredReadingsAsync(cancellationToken).ConfigureAwait(false);
            if (stored >= total || (clock.IsRunning && clock.Elapsed > deadline))
            {
                break;
            }

            if (clock.Elapsed > nextProgress)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  hub: {stored} of {total} durable after {clock.Elapsed.TotalSeconds:0} s"));
                nextProgress += TimeSpan.FromSeconds(5);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }

        var elapsed = clock.Elapsed;
        var completed = stored >= total;
        var publishElapsed = completed ? await publishing.ConfigureAwait(false) : elapsed;
        var peak = hub.PeakRssBytes ?? 0;
        await hub.TerminateAsync().ConfigureAwait(false);
        return new HubIngestResult(total, stored, elapsed, publishElapsed, peak, completed);
    }
}
