using Hub.Plugins.Abstractions;
using Hub.Plugins.Http.Configuration;
using Hub.Plugins.Http.Push;

namespace Hub.Plugins.Http;

/// <summary>The http plugin in <c>GET /health</c>: <c>ready</c> (it serves on the hub's own web server).</summary>
internal sealed class HttpPluginHealth(HttpMeterDirectory meters, PushCounters counters) : IPluginHealth
{
    public string PluginName => HttpPluginInfo.Name;

    public PluginHealthReport Report() => new(true, "ready", new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["meters"] = meters.Count,
        ["readingsStored"] = counters.Stored,
        ["duplicates"] = counters.Duplicates,
        ["refused"] = counters.Refused,
    });
}
