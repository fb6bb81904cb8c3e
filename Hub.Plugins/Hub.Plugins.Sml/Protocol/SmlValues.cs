using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Sml.Protocol;

/// <summary>What an SML file says, mapped: the canonical reading, the server id and every register by OBIS.</summary>
public sealed record SmlValues(Reading Reading, string? ServerId, IReadOnlyDictionary<string, double> Registers);
