using Hub.Plugins.Abstractions;
using Hub.Plugins.Coap.Configuration;
using Hub.Plugins.Coap.Ingest;

namespace Hub.Plugins.Coap;

/// <summary>The coap plugin in <c>GET /health</c>: <c>listening</c>, <c>stopped</c>, or <c>disabled</c> (nothing to serve).</summary>
internal sealed class CoapPluginHealth(CoapPluginStatus status, CoapCounters counters, CoapMeterDirectory meters) : IPluginHealth
{
    public string PluginName => CoapPluginInfo.Name;

    public PluginHealthReport Report() => new(status.IsListening || status.IsDisabled, status.IsDisabled ? "disabled" : status.IsListening ? "listening" : "stopped", new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["port"] = status.Port,
        ["meters"] = meters.Meters.Count,
        ["observedMeters"] = meters.Meters.Count(m => m.Mode == CoapMeterMode.Observe),
        ["readingsStored"] = counters.Stored,
        ["duplicates"] = counters.Duplicates,
        ["rejected"] = counters.Rejected,
        ["notifications"] = counters.Notifications,
        ["malformedDatagrams"] = status.Malformed,
    });
}
