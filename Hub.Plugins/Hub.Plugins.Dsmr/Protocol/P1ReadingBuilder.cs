using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Dsmr.Obis;

namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>
/// Maps a parsed telegram to a canonical reading through the OBIS map: tariff registers summed into
/// <c>energyImportWh</c>/<c>energyExportWh</c> (a total register wins where the meter sends one), power as import
/// minus export, per-phase voltage and current, the meter's time stamp (UTC), gas per M-Bus channel. A mapped value
/// in a unit it cannot convert is an error, never a guess.
/// </summary>
public static class P1ReadingBuilder
{
    public static P1Values Build(P1Telegram telegram, ObisMap map, string meterId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(telegram);
        ArgumentNullException.ThrowIfNull(map);
        string? version = null, equipment = null;
        DateTimeOffset? timestamp = null;
        double? importTotal = null, exportTotal = null, importTariffs = null, exportTariffs = null, powerIn = null, powerOut = null;
        var voltage = new double?[3];
        var current = new double?[3];
        var registers = new Dictionary<string, double>(StringComparer.Ordinal);
        var gas = new List<GasValue>();
        var mbusTypes = new Dictionary<int, string>();
        foreach (var obj in telegram.Objects)
        {
            if (map.Find(obj.Obis) is not var (entry, channel))
            {
                continue;
            }

            switch (entry.Quantity)
            {
                case ObisQuantity.Version:
                    version = First(obj).Text;
                    break;
                case ObisQuantity.Timestamp:
                    timestamp = P1Timestamp.Parse(First(obj).Text);
                    break;
                case ObisQuantity.EquipmentId:
                    equipment ??= First(obj).Text;
                    break;
                case ObisQuantity.TariffIndicator:
                    registers[obj.Obis] = Number(obj, First(obj).Text);
                    break;
                case ObisQuantity.EnergyImport or ObisQuantity.EnergyExport:
                    var wh = Convert(obj, First(obj), "Wh", ("kWh", 1000), ("Wh", 1));
                    registers[obj.Obis] = wh;
                    var import = entry.Quantity == ObisQuantity.EnergyImport;
                    if (entry.Tariff is null)
                    {
                        if (import)
                        {
                            importTotal = wh;
                        }
                        else
                        {
                            exportTotal = wh;
                        }
                    }
                    else if (import)
                    {
                        importTariffs = (importTariffs ?? 0) + wh;
                    }
                    else
                    {
                        exportTariffs = (exportTariffs ?? 0) + wh;
                    }

                    break;
                case ObisQuantity.PowerImport:
                    powerIn = registers[obj.Obis] = Convert(obj, First(obj), "W", ("kW", 1000), ("W", 1));
                    break;
                case ObisQuantity.PowerExport:
                    powerOut = registers[obj.Obis] = Convert(obj, First(obj), "W", ("kW", 1000), ("W", 1));
                    break;
                case ObisQuantity.Voltage:
                    voltage[Phase(entry)] = registers[obj.Obis] = Convert(obj, First(obj), "V", ("V", 1), ("kV", 1000));
                    break;
                case ObisQuantity.Current:
                    current[Phase(entry)] = registers[obj.Obis] = Convert(obj, First(obj), "A", ("A", 1), ("mA", 0.001));
                    break;
                case ObisQuantity.MbusDeviceType:
                    mbusTypes[channel] = First(obj).Text;
                    break;
                case ObisQuantity.Gas:
                    if (obj.Values.Count < 2)
                    {
                        throw new P1FormatException($"{obj.Obis}: a gas reading is (capture time)(volume*m3).");
                    }

                    gas.Add(new GasValue(channel, P1Timestamp.Parse(obj.Values[0].Text), Convert(obj, obj.Values[^1], "m3", ("m3", 1), ("dm3", 0.001))));
                    break;
                case ObisQuantity.GasLegacy:
                    // (capture)(00)(60)(1)(0-n:24.2.1)(m3) + (volume): the unit is its own value, the volume the last.
                    if (obj.Values.Count < 7 || !string.Equals(obj.Values[5].Text, "m3", StringComparison.Ordinal))
                    {
                        throw new P1FormatException($"{obj.Obis}: a DSMR 2.2 gas reading is (time)(..)(..)(..)(0-n:24.2.1)(m3)(volume).");
                    }

                    gas.Add(new GasValue(channel, P1Timestamp.Parse(obj.Values[0].Text), Number(obj, obj.Values[6].Text)));
                    break;
            }
        }

        // A gas line on a channel that says it is no gas meter (e.g. 007 water) is not gas.
        gas.RemoveAll(g => mbusTypes.TryGetValue(g.Channel, out var type) && type.TrimStart('0') is not ("3" or ""));
        var reading = new Reading
        {
            MeterId = meterId,
            Timestamp = Truncate(timestamp ?? receivedAt),
            EnergyImportWh = importTotal ?? importTariffs,
            EnergyExportWh = exportTotal ?? exportTariffs,
            PowerW = powerIn is null && powerOut is null ? null : (powerIn ?? 0) - (powerOut ?? 0),
            VoltageV = Phases(voltage),
            CurrentA = Phases(current),
        };
        return new P1Values(reading, gas, registers, version, equipment);
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    private static int Phase(ObisMapEntry entry) => entry.Phase is >= 1 and <= 3 ? entry.Phase.Value - 1
        : throw new InvalidDataException($"OBIS map entry {entry.Obis}: phase must be 1..3.");

    private static double[]? Phases(double?[] values)
    {
        var count = Array.FindLastIndex(values, v => v is not null) + 1;
        if (count == 0)
        {
            return null;
        }

        // A gap (L1 and L3 but no L2) would shift the phases: report only the leading run.
        var result = new List<double>();
        for (var i = 0; i < count && values[i] is { } v; i++)
        {
            result.Add(v);
        }

        return [.. result];
    }

    private static P1Value First(P1Object obj) =>
        obj.Values.Count > 0 ? obj.Values[0] : throw new P1FormatException($"{obj.Obis} has no value.");

    private static double Convert(P1Object obj, P1Value value, string canonical, params (string Unit, double Factor)[] units)
    {
        var number = Exact(obj, value.Text);
        foreach (var (unit, factor) in units)
        {
            if (string.Equals(unit, value.Unit, StringComparison.OrdinalIgnoreCase))
            {
                return (double)(number * (decimal)factor);
            }
        }

        var known = string.Join(", ", units.Select(u => u.Unit));
        throw new P1FormatException($"{obj.Obis}: unit '{value.Unit ?? "(none)"}' cannot be turned into {canonical}; expected {known}.");
    }

    private static double Number(P1Object obj, string text) => (double)Exact(obj, text);

    // Decimal, so that 123456.789 kWh is exactly 123456789 Wh.
    private static decimal Exact(P1Object obj, string text) =>
        text.Length <= 24 && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new P1FormatException($"{obj.Obis}: '{text}' is not a number.");
}
