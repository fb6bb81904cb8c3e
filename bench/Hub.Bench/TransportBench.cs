using System.Diagnostics;
using System.Globalization;
using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>
/// (a) The transport's limit: the same publishers against a plain mosquitto, counting what a <c>mosquitto_sub -q 1</c>
/// subscriber receives. The hub cannot be faster than its transport; the goal is half of this rate.
/// </summary>
public static class TransportBench
{
    public static async Task<TransportResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meters = Enumerable.Range(1, options.Meters).Select(i => new HubMeter(MeterName(i))).ToList();
        var load = MeterLoad.Create(meters, options.ReadingsPerMeter, options.Inflight);
        var total = load.Total;

        // Queue without limit so that a slow subscriber loses nothing (mosquitto.conf(5) max_queued_messages 0).
        await using var mosquitto = await Mosquitto.StartAsync(extraConfig: ["max_queued_messages 0"]).ConfigureAwait(false);
        var delivered = 0;
        var clock = new Stopwatch();
        var allDelivered = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        const string subscriberId = "bench-subscriber";
        await using var subscriber = ChildProcess.Start(
            "mosquitto_sub",
            "mosquitto_sub",
            [
                "-V", "mqttv311", "-h", "127.0.0.1", "-p", mosquitto.Port.ToString(CultureInfo.InvariantCulture),
                "-q", "1", "-i", subscriberId, "-t", "smartmeter/+/reading", "-F", "%t",
                "-C", total.ToString(CultureInfo.InvariantCulture),
            ],
            onLine: _ =>
            {
                if (Interlocked.Increment(ref delivered) == total)
                {
                    allDelivered.TrySetResult(clock.Elapsed);
                }
            });
        await mosquitto.WaitForSubscriptionAsync(subscriberId, "smartmeter/+/reading", TimeSpan.FromSeconds(15)).ConfigureAwait(false);

        var publishing = load.RunAsync(mosquitto.Port, anonymous: true, clock.Start, cancellationToken);
        var publishElapsed = await publishing.ConfigureAwait(false);
        var timeout = TimeSpan.FromSeconds(Math.Max(60, total / 1000.0));
        var finished = await Task.WhenAny(allDelivered.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (finished != allDelivered.Task)
        {
            throw new TimeoutException($"mosquitto_sub received {Volatile.Read(ref delivered)} of {total} within {timeout.TotalSeconds:0} s after the last PUBACK.\n{subscriber.Log}\n{mosquitto.Log}");
        }

        return new TransportResult(total, await allDelivered.Task.ConfigureAwait(false), publishElapsed);
    }

    public static string MeterName(int i) => string.Create(CultureInfo.InvariantCulture, $"m{i:000}");
}
