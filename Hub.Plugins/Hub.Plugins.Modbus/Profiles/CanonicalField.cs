using System.Diagnostics.CodeAnalysis;

namespace Hub.Plugins.Modbus.Profiles;

/// <summary>
/// Where a decoded value goes: a canonical quantity and, for per-phase quantities, the phase (1..3 for L1..L3; 0 for
/// a total or a single-phase value). Written in profiles as <c>powerW</c>, <c>voltageV[L1]</c>, <c>powerW[L3]</c>.
/// </summary>
public readonly record struct CanonicalField(CanonicalQuantity Quantity, int Phase)
{
    public const string Names = "energyImportWh, energyExportWh, powerW, powerW[L1..L3], voltageV, voltageV[L1..L3], currentA, currentA[L1..L3], frequencyHz";

    public static bool TryParse(string? text, [NotNullWhen(true)] out CanonicalField? field)
    {
        field = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var name = text;
        var phase = 0;
        var bracket = text.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            var suffix = text[bracket..];
            phase = suffix switch { "[L1]" => 1, "[L2]" => 2, "[L3]" => 3, _ => -1 };
            if (phase < 0)
            {
                return false;
            }

            name = text[..bracket];
        }

        CanonicalQuantity? quantity = name switch
        {
            "energyImportWh" => CanonicalQuantity.EnergyImportWh,
            "energyExportWh" => CanonicalQuantity.EnergyExportWh,
            "powerW" => CanonicalQuantity.PowerW,
            "voltageV" => CanonicalQuantity.VoltageV,
            "currentA" => CanonicalQuantity.CurrentA,
            "frequencyHz" => CanonicalQuantity.FrequencyHz,
            _ => null,
        };
        if (quantity is null || (phase > 0 && quantity is not (CanonicalQuantity.PowerW or CanonicalQuantity.VoltageV or CanonicalQuantity.CurrentA)))
        {
            return false;
        }

        // A single-phase voltage or current is phase L1 of the reading's per-phase list.
        if (phase == 0 && quantity is CanonicalQuantity.VoltageV or CanonicalQuantity.CurrentA)
        {
            phase = 1;
        }

        field = new CanonicalField(quantity.Value, phase);
        return true;
    }

    public override string ToString()
    {
        var name = Quantity switch
        {
            CanonicalQuantity.EnergyImportWh => "energyImportWh",
            CanonicalQuantity.EnergyExportWh => "energyExportWh",
            CanonicalQuantity.PowerW => "powerW",
            CanonicalQuantity.VoltageV => "voltageV",
            CanonicalQuantity.CurrentA => "currentA",
            _ => "frequencyHz",
        };
        return Phase == 0 ? name : $"{name}[L{Phase}]";
    }
}
