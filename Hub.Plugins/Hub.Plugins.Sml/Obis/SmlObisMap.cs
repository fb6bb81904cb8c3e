using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Plugins.Sml.Obis;

public enum SmlQuantity
{
    EnergyImport,
    EnergyExport,
    Power,
    PhasePower,
    Voltage,
    Current,
    Frequency,
    DeviceId,
    Manufacturer,
}

/// <param name="Obis">A-B:C.D.E (the F group, usually 255, is not compared).</param>
/// <param name="Quantity">What it is.</param>
/// <param name="Tariff">For tariff registers: 1 or 2; null for a total.</param>
/// <param name="Phase">For per-phase values: 1..3.</param>
public sealed record SmlObisEntry(string Obis, SmlQuantity Quantity, int? Tariff, int? Phase);

/// <summary>The OBIS map (<c>Obis/sml-obis.json</c>).</summary>
public sealed class SmlObisMap
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private readonly Dictionary<string, SmlObisEntry> _entries;

    public SmlObisMap(IEnumerable<SmlObisEntry> entries) =>
        _entries = entries.ToDictionary(e => e.Obis, StringComparer.Ordinal);

    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "sml", "sml-obis.json");

    /// <summary>The entry for <c>A-B:C.D.E*F</c>.</summary>
    public SmlObisEntry? Find(string obis)
    {
        var star = obis.IndexOf('*', StringComparison.Ordinal);
        return _entries.GetValueOrDefault(star < 0 ? obis : obis[..star]);
    }

    public static SmlObisMap Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<MapFile>(stream, Json) ?? throw new InvalidDataException($"{path}: empty.");
        if (file.Objects is not { Count: > 0 })
        {
            throw new InvalidDataException($"{path}: 'objects' is missing or empty.");
        }

        return new SmlObisMap(file.Objects.Select(o => new SmlObisEntry(o.Obis ?? throw new InvalidDataException($"{path}: an object has no 'obis'."), o.Quantity, o.Tariff, o.Phase)));
    }

    private sealed record MapFile(List<MapEntry>? Objects);

    private sealed record MapEntry(string? Obis, SmlQuantity Quantity, int? Tariff, int? Phase);
}
