using Hub.Plugins.Modbus.Profiles;

namespace Hub.Plugins.Modbus.SunSpec;

/// <summary>A model found on the device: its id, where its points start (after ID and L), its length and layout.</summary>
public sealed record SunSpecModelLocation(int ModelId, ushort DataStart, ushort Length, SunSpecModelMap Map);
