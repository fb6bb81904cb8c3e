using System.Text.Json;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Formats;

/// <summary>
/// Tasmota's energy telemetry, <c>tele/{name}/SENSOR</c> (Tasmota docs "Energy Monitoring"): the <c>ENERGY</c>
/// object with <c>Total</c> (kWh, imported), <c>Today</c>, <c>Yesterday</c> (kWh, not stored), <c>Power</c> (W, a number
/// or one per channel, summed), <c>Voltage</c> and <c>Current</c> (a number or per channel), <c>Factor</c>,
/// <c>Frequency</c> (Hz) and, on meters that measure it, <c>ExportActive</c> (kWh). Tasmota's <c>Time</c> is local time
/// without an offset, so the hub's receive time is used.
/// </summary>
internal static class TasmotaSensor
{
    public static Reading Parse(ReadOnlyMemory<byte> json, string meterId, DateTimeOffset receivedAt)
    {
        using var document = MqttFormatJson.Parse(json);
        if (!document.RootElement.TryGetProperty("ENERGY", out var energy) || energy.ValueKind != JsonValueKind.Object)
        {
            throw new ReadingFormatException("ENERGY: missing; a Tasmota SENSOR message of an energy monitor has an ENERGY object.");
        }

        var power = MqttFormatJson.NumberOrList(energy, "Power");
        var totalKwh = MqttFormatJson.Number(energy, "Total");
        var exportKwh = MqttFormatJson.Number(energy, "ExportActive");
        var reading = new Reading
        {
            MeterId = meterId,
            Timestamp = receivedAt,
            EnergyImportWh = totalKwh * 1000,
            EnergyExportWh = exportKwh * 1000,
            PowerW = power?.Sum(),
            VoltageV = MqttFormatJson.NumberOrList(energy, "Voltage"),
            CurrentA = MqttFormatJson.NumberOrList(energy, "Current"),
            FrequencyHz = MqttFormatJson.NumberOrList(energy, "Frequency")?[0],
        };
        if (reading is { EnergyImportWh: null, PowerW: null, VoltageV: null, CurrentA: null })
        {
            throw new ReadingFormatException("ENERGY: has none of Total, Power, Voltage, Current.");
        }

        return reading;
    }
}
