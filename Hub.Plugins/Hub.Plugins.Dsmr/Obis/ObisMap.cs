using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Plugins.Dsmr.Obis;

/// <summary>The OBIS map (<c>Obis/dsmr-obis.json</c>): which telegram line feeds which canonical quantity.</summary>
public sealed class ObisMap
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private readonly Dictionary<string, ObisMapEntry> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObisMapEntry> _channel = new(StringComparer.Ordinal);

    public ObisMap(string document, IEnumerable<ObisMapEntry> entries)
    {
        Document = document;
        foreach (var entry in entries)
        {
            if (entry.Obis.StartsWith("0-n:", StringComparison.Ordinal))
            {
                _channel[entry.Obis[4..]] = entry;
            }
            else
            {
                _exact[entry.Obis] = entry;
            }
        }
    }

    /// <summary>The standards the map follows.</summary>
    public string Document { get; }

    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "dsmr", "dsmr-obis.json");

    /// <summary>The entry for an OBIS reference and, for M-Bus objects, the channel (0-1: → 1).</summary>
    public (ObisMapEntry Entry, int Channel)? Find(string obis)
    {
        if (_exact.TryGetValue(obis, out var exact))
        {
            return (exact, 0);
        }

        // 0-1:24.2.1 → channel 1, "24.2.1"
        if (obis.Length > 4 && obis[0] == '0' && obis[1] == '-' && obis[3] == ':' && char.IsAsciiDigit(obis[2])
            && _channel.TryGetValue(obis[4..], out var channel))
        {
            return (channel, obis[2] - '0');
        }

        return null;
    }

    public static ObisMap Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<ObisMapFile>(stream, Json)
            ?? throw new InvalidDataException($"{path}: empty.");
        if (file.Objects is not { Count: > 0 })
        {
            throw new InvalidDataException($"{path}: 'objects' is missing or empty.");
        }

        return new ObisMap(file.Document ?? string.Empty, file.Objects.Select(o =>
            new ObisMapEntry(o.Obis ?? throw new InvalidDataException($"{path}: an object has no 'obis'."), o.Quantity, o.Tariff, o.Phase)));
    }

    private sealed record ObisMapFile(string? Name, string? Document, List<ObisMapFileEntry>? Objects);

    private sealed record ObisMapFileEntry(string? Obis, ObisQuantity Quantity, int? Tariff, int? Phase);
}
