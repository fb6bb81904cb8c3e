namespace Hub.Plugins.Dsmr.Obis;

/// <summary>What an OBIS object of a P1 telegram means for the canonical reading.</summary>
public enum ObisQuantity
{
    Version,
    Timestamp,
    EquipmentId,
    EnergyImport,
    EnergyExport,
    TariffIndicator,
    PowerImport,
    PowerExport,
    Voltage,
    Current,
    MbusDeviceType,
    Gas,
    GasLegacy,
}
