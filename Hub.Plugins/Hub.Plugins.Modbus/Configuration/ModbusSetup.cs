using Hub.Plugins.Modbus.Profiles;

namespace Hub.Plugins.Modbus.Configuration;

/// <summary>The plugin's validated configuration: its profiles and meters.</summary>
public sealed record ModbusSetup(ProfileLibrary Profiles, IReadOnlyList<ModbusMeter> Meters, ModbusOptions Options);
