using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Sml.Obis;

namespace Hub.Plugins.Sml.Protocol;

/// <summary>
/// Maps a GetList.Res to a canonical reading: 1.8.0/2.8.0 (or the sum of their tariff registers where a meter sends
/// no total), 16.7.0 power (signed), per-phase voltage, current and power where sent, 14.7.0 frequency. Each value's
/// DLMS unit must be the quantity's (a mismatch is an error, never a guess); a value without a unit is taken in the
/// quantity's unit, as the reduced data set of PIN-locked meters sends it. Time is the hub's receive time: SML
/// meters send a seconds index, not a clock.
/// </summary>
public static class SmlReadingBuilder
{
    private const byte Watt = 27;
    private const byte WattHour = 30;
    private const byte Ampere = 33;
    private const byte Volt = 35;
    private const byte Hertz = 44;

    public static SmlValues Build(SmlFile file, SmlObisMap map, string meterId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(map);
        double? importTotal = null, exportTotal = null, importTariffs = null, exportTariffs = null, power = null, frequency = null;
        var voltage = new double?[3];
        var current = new double?[3];
        var registers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in file.Entries)
        {
            if (map.Find(entry.Obis) is not { } mapped)
            {
                continue;
            }

            var key = entry.Obis.Split('*')[0];
            switch (mapped.Quantity)
            {
                case SmlQuantity.EnergyImport or SmlQuantity.EnergyExport:
                    var wh = registers[key] = Number(entry, WattHour, "Wh");
                    if (mapped.Quantity == SmlQuantity.EnergyImport)
                    {
                        if (mapped.Tariff is null)
                        {
                            importTotal = wh;
                        }
                        else
                        {
                            importTariffs = (importTariffs ?? 0) + wh;
                        }
                    }
                    else if (mapped.Tariff is null)
                    {
                        exportTotal = wh;
                    }
                    else
                    {
                        exportTariffs = (exportTariffs ?? 0) + wh;
                    }

                    break;
                case SmlQuantity.Power:
                    power = registers[key] = Number(entry, Watt, "W");
                    break;
                case SmlQuantity.PhasePower:
                    registers[key] = Number(entry, Watt, "W");
                    break;
                case SmlQuantity.Voltage:
                    voltage[Phase(mapped)] = registers[key] = Number(entry, Volt, "V");
                    break;
                case SmlQuantity.Current:
                    current[Phase(mapped)] = registers[key] = Number(entry, Ampere, "A");
                    break;
                case SmlQuantity.Frequency:
                    frequency = registers[key] = Number(entry, Hertz, "Hz");
                    break;
            }
        }

        var reading = new Reading
        {
            MeterId = meterId,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(receivedAt.ToUnixTimeMilliseconds()),
            EnergyImportWh = importTotal ?? importTariffs,
            EnergyExportWh = exportTotal ?? exportTariffs,
            PowerW = power,
            VoltageV = Phases(voltage),
            CurrentA = Phases(current),
            FrequencyHz = frequency,
        };
        if (reading.EnergyImportWh is null && reading.EnergyExportWh is null && reading.PowerW is null)
        {
            throw new SmlFormatException("the GetList.Res has none of 1.8.0, 2.8.0, 16.7.0 or their tariff registers.");
        }

        return new SmlValues(reading, file.ServerId is { } id ? Convert.ToHexString(id).ToLowerInvariant() : null, registers);
    }

    private static int Phase(SmlObisEntry entry) => entry.Phase is >= 1 and <= 3 ? entry.Phase.Value - 1
        : throw new InvalidDataException($"SML OBIS map entry {entry.Obis}: phase must be 1..3.");

    private static double[]? Phases(double?[] values)
    {
        var result = new List<double>();
        for (var i = 0; i < values.Length && values[i] is { } v; i++)
        {
            result.Add(v);
        }

        return result.Count == 0 ? null : [.. result];
    }

    private static double Number(SmlEntry entry, byte unit, string unitName)
    {
        if (entry.Unit is { } sent && sent != unit)
        {
            throw new SmlFormatException(string.Create(CultureInfo.InvariantCulture, $"{entry.Obis}: unit code {sent}, expected {unit} ({unitName})."));
        }

        return entry.Scaled is { } value
            ? (double)value
            : throw new SmlFormatException($"{entry.Obis}: the value is not a number.");
    }
}
