using Hub.Plugins.Abstractions;

namespace Hub.Ledger.Tests;

internal static class Readings
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);

    public static Reading At(string meter, int second, double importWh, ulong? seq = null, double powerW = 500) => new()
    {
        MeterId = meter,
        Timestamp = ReadingJson.TruncateToMilliseconds(T0.AddSeconds(second)),
        EnergyImportWh = importWh,
        EnergyExportWh = 0,
        PowerW = powerW,
        VoltageV = [230.1],
        CurrentA = [2.17],
        FrequencyHz = 50.01,
        Seq = seq,
    };
}
