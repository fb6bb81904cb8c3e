using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Profiles;

/// <summary>
/// SunSpec discovery (SunSpec Information Model Specification): the 'SunS' marker is looked for at each base
/// address, then the models that follow it are walked (ID, length, ...) until the end marker 0xFFFF.
/// </summary>
/// <param name="Function">The function the device serves SunSpec on; 3 (holding registers) per the specification.</param>
/// <param name="BaseAddresses">Where the marker may be: 0, 40000, 50000.</param>
/// <param name="Models">The models the hub reads, in order of preference (the first one the device has is read).</param>
public sealed record SunSpecProfile(
    ModbusFunctionCode Function,
    IReadOnlyList<ushort> BaseAddresses,
    IReadOnlyList<SunSpecModelMap> Models);

/// <summary>The points of one family of SunSpec models with the same layout (e.g. 201..204).</summary>
/// <param name="Ids">Model ids sharing this layout.</param>
/// <param name="Points">Points by offset from the first register after the model's ID and length.</param>
public sealed record SunSpecModelMap(IReadOnlyList<int> Ids, IReadOnlyList<SunSpecPoint> Points);

/// <summary>A SunSpec point: value = raw x 10^scaleFactor (sunssf, SunSpec Information Model §"Scale factors").</summary>
/// <param name="Field">The canonical field.</param>
/// <param name="Offset">Offset of its first register after the model header.</param>
/// <param name="Type">int16, uint16, int32 or uint32 (acc32 is uint32).</param>
/// <param name="ScaleFactorOffset">Offset of its sunssf register, or null for none.</param>
/// <param name="Scale">A further multiplier to canonical units (e.g. 1 for W, Wh).</param>
public sealed record SunSpecPoint(CanonicalField Field, int Offset, RegisterDataType Type, int? ScaleFactorOffset, double Scale);
