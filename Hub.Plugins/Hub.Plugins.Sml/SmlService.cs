using Hub.Plugins.Abstractions;
using Hub.Plugins.ByteStream;
using Hub.Plugins.Sml.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Sml;

/// <summary>One stream reader per SML meter, started and stopped with the host.</summary>
internal sealed class SmlService : BackgroundService
{
    public SmlService(SmlSetup setup, IReadingIngest ingest, IMeterStatusSink status, IIngestProblemSink problems, TimeProvider time, ILogger<SmlService> logger)
    {
        Meters = [.. setup.Meters.Select(m =>
        {
            var sink = new SmlMeterSink(m, setup.Map, ingest, problems, time, logger);
            return (new StreamMeterRunner(SmlPluginInfo.Name, m.Id, m.Endpoint, m.Silence, sink, status, problems, time, logger), sink);
        })];
    }

    public IReadOnlyList<(StreamMeterRunner Runner, SmlMeterSink Sink)> Meters { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Meters.Select(m => Task.Run(() => m.Runner.RunAsync(stoppingToken), CancellationToken.None)));
}

/// <summary>The sml plugin in <c>/health</c>.</summary>
internal sealed class SmlPluginHealth(SmlService service) : IPluginHealth
{
    public string PluginName => SmlPluginInfo.Name;

    public PluginHealthReport Report()
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["meters"] = service.Meters.Count,
            ["online"] = service.Meters.Count(m => m.Runner.State.Online),
        };
        foreach (var (runner, sink) in service.Meters)
        {
            var c = sink.Counters;
            details[runner.MeterId] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["endpoint"] = runner.Endpoint.ToString(),
                ["bytes"] = runner.State.Bytes,
                ["files"] = c.Files,
                ["stored"] = c.Stored,
                ["downSampled"] = c.DownSampled,
                ["badCrc"] = c.BadCrc,
                ["truncated"] = c.Truncated,
                ["noise"] = c.Noise,
                ["malformed"] = c.Malformed,
                ["serverId"] = c.ServerId,
                ["registers"] = c.LastRegisters,
                ["error"] = runner.State.LastError,
            };
        }

        return new PluginHealthReport(true, service.Meters.Count == 0 ? "disabled" : "reading", details);
    }
}
