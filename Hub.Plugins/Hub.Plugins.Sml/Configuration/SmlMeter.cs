using Hub.Plugins.ByteStream;
using Hub.Plugins.Sml.Obis;
using Hub.Plugins.Sml.Profiles;

namespace Hub.Plugins.Sml.Configuration;

/// <summary>A validated <c>"Plugin": "sml"</c> meter.</summary>
/// <param name="Id">The meter id.</param>
/// <param name="Endpoint">The read head: a serial device or a TCP socket.</param>
/// <param name="Profile">The meter family.</param>
/// <param name="ServerId">When set (hex), files from any other server id are refused: a read head on the wrong meter.</param>
/// <param name="MinInterval">At most one reading per interval.</param>
/// <param name="Silence">Offline after this long without a good file.</param>
public sealed record SmlMeter(string Id, StreamEndpoint Endpoint, SmlProfile Profile, string? ServerId, TimeSpan MinInterval, TimeSpan Silence);

/// <summary>The plugin's validated configuration.</summary>
public sealed record SmlSetup(SmlObisMap Map, IReadOnlyList<SmlMeter> Meters);

/// <summary>Marker options: the settings live on each <c>"Plugin": "sml"</c> meter.</summary>
public sealed class SmlOptions;
