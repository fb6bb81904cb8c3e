namespace Hub.Plugins.Abstractions.Formats.Senml;

/// <summary>
/// A resolved SenML record (RFC 8428 §4.6): base name, time, unit, value and sum applied, times absolute.
/// </summary>
/// <param name="BaseName">The base name in force for this record (empty when none), which identifies the device.</param>
/// <param name="Name">The full name, base name + name.</param>
/// <param name="Unit">The unit (record unit or base unit), or null.</param>
/// <param name="Value">The numeric value (base value + value), when the record has one.</param>
/// <param name="StringValue">vs.</param>
/// <param name="BoolValue">vb.</param>
/// <param name="DataValue">vd (base64url in JSON; the bytes as base64url for CBOR too).</param>
/// <param name="Sum">base sum + sum, in unit × seconds.</param>
/// <param name="Time">Absolute time.</param>
public sealed record SenmlRecord(
    string BaseName,
    string Name,
    string? Unit,
    double? Value,
    string? StringValue,
    bool? BoolValue,
    string? DataValue,
    double? Sum,
    DateTimeOffset Time)
{
    /// <summary>The record's own part of the name (the name after the base name).</summary>
    public string LocalName => Name.StartsWith(BaseName, StringComparison.Ordinal) ? Name[BaseName.Length..] : Name;
}
