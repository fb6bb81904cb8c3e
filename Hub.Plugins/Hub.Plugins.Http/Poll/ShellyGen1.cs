using System.Text.Json;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Http.Poll;

/// <summary>
/// Shelly Gen1 EM / 3EM <c>GET /status</c> (Shelly Gen1 API, "Shelly EM" and "Shelly 3EM" /status): <c>emeters[]</c>,
/// one per channel or phase, each with <c>power</c> (W), <c>voltage</c> (V), <c>current</c> (A, 3EM),
/// <c>total</c> and <c>total_returned</c> (Wh), <c>is_valid</c>; <c>unixtime</c> at the top.
/// Power and energies are summed over the meters; voltage and current are per phase.
/// </summary>
public static class ShellyGen1
{
    public static Reading Parse(ReadOnlyMemory<byte> json, string meterId, DateTimeOffset receivedAt)
    {
        using var document = ShellyJson.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("emeters", out var emeters) || emeters.ValueKind != JsonValueKind.Array || emeters.GetArrayLength() == 0)
        {
            throw new ReadingFormatException("emeters: missing or empty; is this a Shelly EM/3EM /status (Gen1)?");
        }

        double power = 0, import = 0, export = 0;
        var voltages = new List<double>();
        var currents = new List<double>();
        foreach (var meter in emeters.EnumerateArray())
        {
            if (meter.TryGetProperty("is_valid", out var valid) && valid.ValueKind == JsonValueKind.False)
            {
                throw new ReadingFormatException("emeters[].is_valid: the Shelly reports its measurement as invalid.");
            }

            power += ShellyJson.Number(meter, "power", "emeters[].power");
            import += ShellyJson.Number(meter, "total", "emeters[].total");
            export += ShellyJson.OptionalNumber(meter, "total_returned") ?? 0;
            if (ShellyJson.OptionalNumber(meter, "voltage") is { } voltage)
            {
                voltages.Add(voltage);
            }

            if (ShellyJson.OptionalNumber(meter, "current") is { } current)
            {
                currents.Add(current);
            }
        }

        return new Reading
        {
            MeterId = meterId,
            Timestamp = ShellyJson.Time(root, "unixtime", receivedAt),
            PowerW = power,
            EnergyImportWh = import,
            EnergyExportWh = export,
            VoltageV = voltages.Count > 0 ? voltages : null,
            CurrentA = currents.Count > 0 ? currents : null,
        };
    }
}
