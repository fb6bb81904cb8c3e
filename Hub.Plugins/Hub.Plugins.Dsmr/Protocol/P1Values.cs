using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>A gas meter's reading from an M-Bus channel.</summary>
/// <param name="Channel">The M-Bus channel, 1..4.</param>
/// <param name="CapturedAt">When the gas meter took the reading (hourly on DSMR 4, five-minutely on DSMR 5).</param>
/// <param name="VolumeM3">The cumulative volume.</param>
public sealed record GasValue(int Channel, DateTimeOffset CapturedAt, double VolumeM3);

/// <summary>What a telegram says, mapped: the electricity reading, its gas meters, and every register by OBIS.</summary>
/// <param name="Electricity">The canonical reading of the electricity meter.</param>
/// <param name="Gas">Gas meters on M-Bus channels.</param>
/// <param name="Registers">Mapped numeric registers in canonical units (Wh, W, V, A), keyed by OBIS: the per-tariff values kept.</param>
/// <param name="Version">The DSMR / e-MUCS version object, if sent.</param>
/// <param name="EquipmentId">The meter's equipment id (hex-encoded ASCII in DSMR 4+), if sent.</param>
public sealed record P1Values(
    Reading Electricity,
    IReadOnlyList<GasValue> Gas,
    IReadOnlyDictionary<string, double> Registers,
    string? Version,
    string? EquipmentId);
