using SmartMeter.Peers;

namespace Hub.Bench;

/// <summary>(c) A household's steady state: 10 meters connected, a few readings each, then nothing for a while.</summary>
public static class IdleBench
{
    private const int MeterCount = 10;
    private const int ReadingsPerMeter = 5;

    public static async Task<IdleResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var directory = TestDirectory.Create("bench-idle");
        var config = HubConfig.Create(directory.Combine("data"), Enumerable.Range(1, MeterCount).Select(TransportBench.MeterName));
        await using var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"), cancellationToken: cancellationToken).ConfigureAwait(false);
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-10);
        var clients = new List<MeterClient>();
        try
        {
            foreach (var meter in config.Meters)
            {
                var client = await MeterClient.ConnectAsync(config.BrokerPort!.Value, meter, cancellationToken).ConfigureAwait(false);
                clients.Add(client);
                for (ulong seq = 1; seq <= ReadingsPerMeter; seq++)
                {
                    await client.PublishAsync(Readings.Household(meter.Id, seq, start), cancellationToken).ConfigureAwait(false);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds), cancellationToken).ConfigureAwait(false);
            var rss = hub.RssBytes ?? throw new InvalidOperationException($"the hub is gone.\n{hub.Log}");
            var anon = (ProcFs.StatusKiloBytes(hub.HubPid, "RssAnon") ?? 0) * 1024;
            return new IdleResult(MeterCount, ReadingsPerMeter, options.IdleSeconds, rss, anon);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
