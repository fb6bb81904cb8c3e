using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Http.Poll;

/// <summary>
/// Shelly Gen2 Pro 3EM RPC (Shelly Gen2 API, components EM and EMData): <c>EM.GetStatus?id=0</c> gives
/// <c>a_act_power</c>, <c>a_voltage</c>, <c>a_current</c>, <c>a_freq</c> (and b_, c_) and <c>total_act_power</c>;
/// <c>EMData.GetStatus?id=0</c> gives <c>total_act</c> and <c>total_act_ret</c> in Wh.
/// </summary>
public static class ShellyGen2
{
    public const string EmStatusPath = "/rpc/EM.GetStatus?id=0";
    public const string EmDataStatusPath = "/rpc/EMData.GetStatus?id=0";

    public static Reading Parse(ReadOnlyMemory<byte> emStatus, ReadOnlyMemory<byte> emDataStatus, string meterId, DateTimeOffset receivedAt)
    {
        using var em = ShellyJson.Parse(emStatus);
        using var data = ShellyJson.Parse(emDataStatus);
        var status = em.RootElement;
        var voltages = new List<double>();
        var currents = new List<double>();
        double? frequency = null;
        foreach (var phase in new[] { "a", "b", "c" })
        {
            if (ShellyJson.OptionalNumber(status, $"{phase}_voltage") is { } voltage)
            {
                voltages.Add(voltage);
            }

            if (ShellyJson.OptionalNumber(status, $"{phase}_current") is { } current)
            {
                currents.Add(current);
            }

            frequency ??= ShellyJson.OptionalNumber(status, $"{phase}_freq");
        }

        return new Reading
        {
            MeterId = meterId,
            Timestamp = receivedAt,
            PowerW = ShellyJson.Number(status, "total_act_power", "EM.GetStatus total_act_power"),
            EnergyImportWh = ShellyJson.Number(data.RootElement, "total_act", "EMData.GetStatus total_act"),
            EnergyExportWh = ShellyJson.OptionalNumber(data.RootElement, "total_act_ret"),
            VoltageV = voltages.Count > 0 ? voltages : null,
            CurrentA = currents.Count > 0 ? currents : null,
            FrequencyHz = frequency,
        };
    }
}
