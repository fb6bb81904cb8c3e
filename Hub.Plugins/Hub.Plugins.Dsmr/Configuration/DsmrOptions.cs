namespace Hub.Plugins.Dsmr.Configuration;

/// <summary>Marker options: the plugin's settings live on each <c>"Plugin": "dsmr"</c> meter of <c>Meters</c>.</summary>
public sealed class DsmrOptions;
