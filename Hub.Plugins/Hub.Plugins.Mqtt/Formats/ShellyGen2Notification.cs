using System.Text.Json;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Formats;

/// <summary>
/// Shelly Gen2 (Pro 3EM) MQTT status (Shelly Gen2 API "MQTT" and components EM/EMData): a <c>NotifyStatus</c> or
/// <c>NotifyFullStatus</c> frame on <c>{prefix}/events/rpc</c> with <c>params.ts</c> and <c>params["em:0"]</c> /
/// <c>params["emdata:0"]</c>, or a component status on <c>{prefix}/status/em:0</c> or <c>/status/emdata:0</c>.
/// Fields: <c>total_act_power</c> (W), <c>a_/b_/c_voltage</c>, <c>_current</c>, <c>_freq</c>, <c>total_act</c> and
/// <c>total_act_ret</c> (Wh).
/// </summary>
internal static class ShellyGen2Notification
{
    public static Reading Parse(ReadOnlyMemory<byte> json, string meterId, DateTimeOffset receivedAt)
    {
        using var document = MqttFormatJson.Parse(json);
        var root = document.RootElement;
        JsonElement? em = null, data = null;
        var timestamp = receivedAt;
        if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            em = parameters.TryGetProperty("em:0", out var e) ? e : null;
            data = parameters.TryGetProperty("emdata:0", out var d) ? d : null;
            if (MqttFormatJson.Number(parameters, "ts") is { } ts and > 1e9 and < 1e10)
            {
                timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)(ts * 1000));
            }
        }
        else if (root.TryGetProperty("total_act_power", out _))
        {
            em = root;
        }
        else if (root.TryGetProperty("total_act", out _))
        {
            data = root;
        }

        var voltages = new List<double>();
        var currents = new List<double>();
        double? frequency = null, power = null;
        if (em is { } status)
        {
            power = MqttFormatJson.Number(status, "total_act_power");
            foreach (var phase in new[] { "a", "b", "c" })
            {
                if (MqttFormatJson.Number(status, $"{phase}_voltage") is { } v)
                {
                    voltages.Add(v);
                }

                if (MqttFormatJson.Number(status, $"{phase}_current") is { } c)
                {
                    currents.Add(c);
                }

                frequency ??= MqttFormatJson.Number(status, $"{phase}_freq");
            }
        }

        var reading = new Reading
        {
            MeterId = meterId,
            Timestamp = timestamp,
            PowerW = power,
            EnergyImportWh = data is { } d1 ? MqttFormatJson.Number(d1, "total_act") : null,
            EnergyExportWh = data is { } d2 ? MqttFormatJson.Number(d2, "total_act_ret") : null,
            VoltageV = voltages.Count > 0 ? voltages : null,
            CurrentA = currents.Count > 0 ? currents : null,
            FrequencyHz = frequency,
        };
        if (reading is { PowerW: null, EnergyImportWh: null, EnergyExportWh: null, VoltageV: null })
        {
            throw new ReadingFormatException("params: no em:0 or emdata:0 status with total_act_power or total_act; is this a Shelly Pro 3EM status?");
        }

        return reading;
    }
}
