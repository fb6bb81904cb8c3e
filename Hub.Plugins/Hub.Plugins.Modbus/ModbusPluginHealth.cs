using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Polling;

namespace Hub.Plugins.Modbus;

/// <summary>
/// The modbus plugin in <c>GET /health</c>: <c>polling</c> with meters online/offline, or <c>disabled</c> when no
/// meter uses it. An offline meter is the meter's problem (shown in /api/meters), not the hub's: always healthy.
/// </summary>
internal sealed class ModbusPluginHealth(ModbusPollingService polling) : IPluginHealth
{
    public string PluginName => ModbusPluginInfo.Name;

    public PluginHealthReport Report()
    {
        var coordinators = polling.Coordinators;
        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["meters"] = coordinators.Count,
            ["online"] = coordinators.Count(c => c.State.Online),
            ["polls"] = coordinators.Sum(c => c.State.Polls),
            ["pollFailures"] = coordinators.Sum(c => c.State.Failures),
        };
        foreach (var coordinator in coordinators.Where(c => c.State.LastError is not null))
        {
            details[$"error:{coordinator.MeterId}"] = coordinator.State.LastError;
        }

        return new PluginHealthReport(true, coordinators.Count == 0 ? "disabled" : "polling", details);
    }
}
