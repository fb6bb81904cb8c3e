using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Dsmr;

/// <summary>The dsmr plugin in <c>/health</c>: counts per meter; an offline meter is shown in /api/meters, not as a sick hub.</summary>
internal sealed class DsmrPluginHealth(DsmrService service) : IPluginHealth
{
    public string PluginName => DsmrPluginInfo.Name;

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
                ["telegrams"] = c.Telegrams,
                ["stored"] = c.Stored,
                ["downSampled"] = c.DownSampled,
                ["badCrc"] = c.BadCrc,
                ["truncated"] = c.Truncated,
                ["noise"] = c.Noise,
                ["malformed"] = c.Malformed,
                ["version"] = c.LastVersion,
                ["identification"] = c.LastIdentification,
                ["registers"] = c.LastRegisters,
                ["error"] = runner.State.LastError,
            };
        }

        return new PluginHealthReport(true, service.Meters.Count == 0 ? "disabled" : "reading", details);
    }
}
