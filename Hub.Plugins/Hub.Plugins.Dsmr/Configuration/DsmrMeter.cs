using Hub.Plugins.ByteStream;
using Hub.Plugins.Dsmr.Profiles;

namespace Hub.Plugins.Dsmr.Configuration;

/// <summary>A gas meter read through an electricity meter's P1 port (its own <c>"Plugin": "dsmr"</c> entry with <c>GasOf</c>).</summary>
/// <param name="Id">Its meter id.</param>
/// <param name="Channel">The M-Bus channel, 1..4 (default: the first gas channel in the telegram).</param>
/// <param name="WhPerM3">Energy per cubic metre for <c>energyImportWh</c> (default 9769, Dutch Groningen gas).</param>
public sealed record DsmrGasMeter(string Id, int? Channel, double WhPerM3);

/// <summary>A validated P1 meter.</summary>
public sealed record DsmrMeter(
    string Id,
    StreamEndpoint Endpoint,
    DsmrProfile Profile,
    TimeSpan MinInterval,
    TimeSpan Silence,
    IReadOnlyList<DsmrGasMeter> Gas);
