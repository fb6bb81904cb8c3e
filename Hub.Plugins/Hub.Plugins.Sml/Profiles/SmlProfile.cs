using System.Text.Json;
using Hub.Plugins.ByteStream;

namespace Hub.Plugins.Sml.Profiles;

/// <summary>An SML meter family: its serial line and the maker's document (Profiles/*.json).</summary>
public sealed record SmlProfile(string Name, string Maker, string Models, string Standard, string Document, SerialLine Line, double TelegramSeconds);

/// <summary>The shipped SML profiles (<c>sml/profiles/*.json</c> beside the dll).</summary>
public sealed class SmlProfileLibrary
{
    public const string DefaultProfile = "sml-generic";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private readonly Dictionary<string, SmlProfile> _profiles;

    private SmlProfileLibrary(Dictionary<string, SmlProfile> profiles) => _profiles = profiles;

    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "sml", "profiles");

    public IEnumerable<string> Names => _profiles.Keys.Order(StringComparer.Ordinal);

    public SmlProfile? Find(string name) => _profiles.GetValueOrDefault(name);

    public static SmlProfileLibrary Load(string directory, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var profiles = new Dictionary<string, SmlProfile>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            errors.Add($"the SML profiles folder {directory} is missing.");
            return new SmlProfileLibrary(profiles);
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var raw = JsonSerializer.Deserialize<RawProfile>(File.ReadAllText(file), Json);
                if (raw?.Name is not { Length: > 0 } name || raw.Document is not { Length: > 0 } || raw.Line is null)
                {
                    errors.Add($"{file}: a profile needs name, document and line.");
                    continue;
                }

                profiles[name] = new SmlProfile(name, raw.Maker ?? string.Empty, raw.Models ?? string.Empty, raw.Standard ?? string.Empty, raw.Document, SerialLine.Parse(raw.Line), raw.TelegramSeconds ?? 4);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or IOException)
            {
                errors.Add($"{file}: {ex.Message}");
            }
        }

        return new SmlProfileLibrary(profiles);
    }

    private sealed record RawProfile(string? Name, string? Maker, string? Models, string? Standard, string? Document, string? Line, double? TelegramSeconds);
}
