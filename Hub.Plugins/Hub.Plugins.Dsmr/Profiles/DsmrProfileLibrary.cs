using System.Text.Json;

namespace Hub.Plugins.Dsmr.Profiles;

/// <summary>The shipped P1 profiles (<c>dsmr/profiles/*.json</c> beside the dll).</summary>
public sealed class DsmrProfileLibrary
{
    public const string DefaultProfile = "dsmr-5";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private readonly Dictionary<string, DsmrProfile> _profiles;

    private DsmrProfileLibrary(Dictionary<string, DsmrProfile> profiles) => _profiles = profiles;

    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "dsmr", "profiles");

    public IEnumerable<string> Names => _profiles.Keys.Order(StringComparer.Ordinal);

    public DsmrProfile? Find(string name) => _profiles.GetValueOrDefault(name);

    /// <summary>Loads every profile of <paramref name="directory"/>; each broken file adds an error naming it.</summary>
    public static DsmrProfileLibrary Load(string directory, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var profiles = new Dictionary<string, DsmrProfile>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            errors.Add($"the DSMR profiles folder {directory} is missing.");
            return new DsmrProfileLibrary(profiles);
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

                profiles[name] = new DsmrProfile(
                    name, raw.Maker ?? string.Empty, raw.Models ?? string.Empty, raw.Standard ?? string.Empty, raw.Document,
                    ByteStream.SerialLine.Parse(raw.Line), raw.Crc ?? true, raw.TelegramSeconds ?? 10);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or IOException)
            {
                errors.Add($"{file}: {ex.Message}");
            }
        }

        return new DsmrProfileLibrary(profiles);
    }

    private sealed record RawProfile(string? Name, string? Maker, string? Models, string? Standard, string? Document, string? Line, bool? Crc, double? TelegramSeconds);
}
