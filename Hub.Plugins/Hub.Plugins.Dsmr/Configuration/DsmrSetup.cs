using Hub.Plugins.Dsmr.Obis;

namespace Hub.Plugins.Dsmr.Configuration;

/// <summary>The plugin's validated configuration.</summary>
public sealed record DsmrSetup(ObisMap Map, IReadOnlyList<DsmrMeter> Meters);
