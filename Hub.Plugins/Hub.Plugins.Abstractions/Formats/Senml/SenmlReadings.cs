using System.Text.RegularExpressions;

namespace Hub.Plugins.Abstractions.Formats.Senml;

/// <summary>
/// Maps resolved SenML records to canonical readings (docs/coap-http.md "SenML naming"):
/// <list type="bullet">
/// <item>the meter is the base name without its trailing separator (<c>urn:dev:mac:0024befffe804ff1:</c> →
/// <c>urn:dev:mac:0024befffe804ff1</c>), looked up by the caller (Meters:N:Urn or the meter id);</item>
/// <item>the unit decides the field: W/kW → powerW, Wh/kWh/J → energyImportWh (energyExportWh when the name contains
/// <c>export</c> or <c>returned</c>), V → voltageV, A → currentA, Hz → frequencyHz; a W record's sum (W·s) → energyImportWh;</item>
/// <item>a name ending in <c>L1</c>, <c>L2</c>, <c>L3</c> (after <c>-</c>, <c>_</c>, <c>:</c>, <c>/</c>, <c>.</c> or alone) is
/// that phase: per-phase V and A become the phase lists, per-phase W are summed when no total is given;</item>
/// <item>a unitless record named <c>seq</c> is the meter's sequence number; VA and var have no canonical field and are ignored;</item>
/// <item>records with different times become separate readings.</item>
/// </list>
/// </summary>
public static partial class SenmlReadings
{
    /// <param name="records">Resolved records.</param>
    /// <param name="meterOf">Maps a meter key (the base name, trimmed; empty when there is none) to a configured meter id, or null when unknown.</param>
    /// <exception cref="ReadingFormatException">The pack carries no usable quantity or inconsistent phases.</exception>
    /// <exception cref="UnknownMeterException">A base name names no configured meter.</exception>
    public static IReadOnlyList<Reading> ToReadings(IReadOnlyList<SenmlRecord> records, Func<string, string?> meterOf)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(meterOf);
        if (records.Count == 0)
        {
            throw new ReadingFormatException("SenML: the pack has no records.");
        }

        var groups = new Dictionary<(string Meter, DateTimeOffset Time), Accumulator>();
        foreach (var record in records)
        {
            var key = MeterKey(record.BaseName);
            var meterId = meterOf(key);
            if (meterId is null && key.Length == 0)
            {
                throw new ReadingFormatException($"SenML: record '{record.Name}' has no base name (bn); the base name names the meter.");
            }

            if (meterId is null)
            {
                throw new UnknownMeterException($"SenML: no configured meter has the base name '{key}'; add it as Meters:N:Urn or use the meter id.") { MeterKey = key };
            }

            if (!groups.TryGetValue((meterId, record.Time), out var accumulator))
            {
                accumulator = new Accumulator(meterId, record.Time);
                groups.Add((meterId, record.Time), accumulator);
            }

            accumulator.Add(record);
        }

        return [.. groups.Values.Select(a => a.ToReading())];
    }

    /// <summary>The meter key of a base name: without trailing ':', '/', '.', '-' or '_'.</summary>
    public static string MeterKey(string baseName)
    {
        ArgumentNullException.ThrowIfNull(baseName);
        return baseName.TrimEnd(':', '/', '.', '-', '_');
    }

    [GeneratedRegex(@"^(?<base>.*?)(?:^|[-_:/.])?l(?<phase>[123])$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PhaseSuffix();

    private sealed class Accumulator(string meterId, DateTimeOffset time)
    {
        private readonly double?[] _voltage = new double?[3];
        private readonly double?[] _current = new double?[3];
        private readonly double?[] _phasePower = new double?[3];
        private double? _power;
        private double? _import;
        private double? _export;
        private double? _frequency;
        private ulong? _seq;

        public void Add(SenmlRecord record)
        {
            var local = record.LocalName.ToLowerInvariant();
            var phase = -1;
            if (PhaseSuffix().Match(local) is { Success: true } match)
            {
                phase = match.Groups["phase"].Value[0] - '1';
                local = match.Groups["base"].Value;
            }

            var export = local.Contains("export", StringComparison.Ordinal) || local.Contains("returned", StringComparison.Ordinal);
            if (record.Value is not { } value)
            {
                if (record.Sum is { } sum && record.Unit is "W")
                {
                    Set(ref export ? ref _export : ref _import, sum / 3600, record);
                }

                return;
            }

            switch (record.Unit)
            {
                case "W" or "kW":
                    var watts = record.Unit == "kW" ? value * 1000 : value;
                    if (phase >= 0)
                    {
                        _phasePower[phase] = watts;
                    }
                    else
                    {
                        Set(ref _power, watts, record);
                    }

                    if (record.Sum is { } ws)
                    {
                        Set(ref export ? ref _export : ref _import, ws / 3600, record);
                    }

                    break;
                case "Wh" or "kWh" or "J":
                    var wh = record.Unit switch { "kWh" => value * 1000, "J" => value / 3600, _ => value };
                    Set(ref export ? ref _export : ref _import, wh, record);
                    break;
                case "V":
                    _voltage[Math.Max(phase, 0)] = value;
                    break;
                case "A":
                    _current[Math.Max(phase, 0)] = value;
                    break;
                case "Hz":
                    Set(ref _frequency, value, record);
                    break;
                case null when local == "seq":
                    _seq = value is >= 0 and <= ulong.MaxValue && value == Math.Floor(value)
                        ? (ulong)value
                        : throw new ReadingFormatException($"SenML: record '{record.Name}': seq must be a non-negative integer.");
                    break;
                default:
                    break; // VA, var and units without a canonical field
            }
        }

        public Reading ToReading()
        {
            var power = _power;
            if (power is null && _phasePower.Any(p => p is not null))
            {
                power = _phasePower.Sum(p => p ?? 0);
            }

            var reading = new Reading
            {
                MeterId = meterId,
                Timestamp = time,
                EnergyImportWh = _import,
                EnergyExportWh = _export,
                PowerW = power,
                VoltageV = Phases(_voltage, "voltage (V)"),
                CurrentA = Phases(_current, "current (A)"),
                FrequencyHz = _frequency,
                Seq = _seq,
            };
            if (reading is { EnergyImportWh: null, EnergyExportWh: null, PowerW: null, VoltageV: null, CurrentA: null, FrequencyHz: null })
            {
                throw new ReadingFormatException("SenML: no record maps to a reading field; send W, Wh, kWh, V, A or Hz values (see docs/coap-http.md).");
            }

            return reading;
        }

        private static void Set(ref double? field, double value, SenmlRecord record)
        {
            if (field is not null)
            {
                throw new ReadingFormatException($"SenML: record '{record.Name}' repeats a quantity already given for the same meter and time.");
            }

            field = value;
        }

        private static double[]? Phases(double?[] phases, string what)
        {
            var count = Array.FindLastIndex(phases, p => p is not null) + 1;
            if (count == 0)
            {
                return null;
            }

            if (phases.Take(count).Any(p => p is null))
            {
                throw new ReadingFormatException($"SenML: {what} is given for a later phase but not for L1/L2; send every phase up to the last.");
            }

            return [.. phases.Take(count).Select(p => p!.Value)];
        }
    }
}
