namespace Hub.Plugins.Modbus.Profiles;

/// <summary>
/// What the hub knows about one device model, loaded from a profile file (docs/modbus.md): its register map, or for
/// SunSpec devices the models to discover, and the maker's document the map was taken from.
/// </summary>
public sealed record DeviceProfile
{
    /// <summary>The name meters use in <c>Meters:N:Profile</c>, e.g. <c>eastron-sdm630</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The file it was loaded from, for messages.</summary>
    public required string Source { get; init; }

    /// <summary>The maker's document the register map comes from.</summary>
    public required string DocumentTitle { get; init; }

    public required string DocumentUrl { get; init; }

    /// <summary>
    /// Unused registers a single read may span to join two quantities (0 = only adjacent ones). Reading across a
    /// gap is only safe where the device answers for the registers in between; the manual says whether it does.
    /// </summary>
    public int MaxGapRegisters { get; init; }

    /// <summary>The fixed register map; empty for a SunSpec profile.</summary>
    public IReadOnlyList<ProfileQuantity> Quantities { get; init; } = [];

    /// <summary>Set for a profile that discovers the map (SunSpec); null for a fixed map.</summary>
    public SunSpecProfile? SunSpec { get; init; }
}
