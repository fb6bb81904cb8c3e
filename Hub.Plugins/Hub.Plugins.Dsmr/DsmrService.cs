using Hub.Plugins.Abstractions;
using Hub.Plugins.ByteStream;
using Hub.Plugins.Dsmr.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Dsmr;

/// <summary>One stream reader per P1 meter, started and stopped with the host.</summary>
internal sealed class DsmrService : BackgroundService
{
    public DsmrService(DsmrSetup setup, IReadingIngest ingest, IMeterStatusSink status, IIngestProblemSink problems, TimeProvider time, ILogger<DsmrService> logger)
    {
        Meters = [.. setup.Meters.Select(m =>
        {
            var sink = new DsmrMeterSink(m, setup.Map, ingest, problems, time, logger);
            return (new StreamMeterRunner(DsmrPluginInfo.Name, m.Id, m.Endpoint, m.Silence, sink, status, problems, time, logger), sink);
        })];
    }

    public IReadOnlyList<(StreamMeterRunner Runner, DsmrMeterSink Sink)> Meters { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Meters.Select(m => Task.Run(() => m.Runner.RunAsync(stoppingToken), CancellationToken.None)));
}
