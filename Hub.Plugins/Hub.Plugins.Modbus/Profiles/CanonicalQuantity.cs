namespace Hub.Plugins.Modbus.Profiles;

/// <summary>The quantities of the canonical reading (DESIGN.md "Canonical reading") a register can feed.</summary>
public enum CanonicalQuantity
{
    EnergyImportWh,
    EnergyExportWh,
    PowerW,
    VoltageV,
    CurrentA,
    FrequencyHz,
}
