using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Profiles;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>
/// Collects decoded values into a canonical reading. Per-phase power is summed into <c>powerW</c> only when the
/// device has no total power register (the canonical reading carries total power only).
/// </summary>
public sealed class ReadingBuilder
{
    private readonly Dictionary<CanonicalField, double> _values = [];

    public int Count => _values.Count;

    public void Set(CanonicalField field, double value)
    {
        if (double.IsFinite(value))
        {
            _values[field] = value;
        }
    }

    public double? Get(CanonicalField field) => _values.TryGetValue(field, out var value) ? value : null;

    /// <summary>The reading, or null when nothing was decoded.</summary>
    public Reading? Build(string meterId, DateTimeOffset timestamp)
    {
        if (_values.Count == 0)
        {
            return null;
        }

        var power = Get(new CanonicalField(CanonicalQuantity.PowerW, 0));
        if (power is null)
        {
            var phases = Phases(CanonicalQuantity.PowerW);
            power = phases is null ? null : phases.Sum();
        }

        return new Reading
        {
            MeterId = meterId,
            Timestamp = ReadingJson.TruncateToMilliseconds(timestamp),
            EnergyImportWh = Get(new CanonicalField(CanonicalQuantity.EnergyImportWh, 0)),
            EnergyExportWh = Get(new CanonicalField(CanonicalQuantity.EnergyExportWh, 0)),
            PowerW = power,
            VoltageV = Phases(CanonicalQuantity.VoltageV),
            CurrentA = Phases(CanonicalQuantity.CurrentA),
            FrequencyHz = Get(new CanonicalField(CanonicalQuantity.FrequencyHz, 0)),
        };
    }

    private double[]? Phases(CanonicalQuantity quantity)
    {
        var phases = new List<double>(3);
        for (var phase = 1; phase <= 3; phase++)
        {
            if (Get(new CanonicalField(quantity, phase)) is { } value)
            {
                phases.Add(value);
            }
        }

        return phases.Count == 0 ? null : [.. phases];
    }
}
