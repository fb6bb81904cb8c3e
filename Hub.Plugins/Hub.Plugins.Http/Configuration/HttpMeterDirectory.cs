using System.Security.Cryptography;
using System.Text;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;
using Hub.Plugins.Http.Poll;

namespace Hub.Plugins.Http.Configuration;

/// <summary>The http meters: their bearer tokens (<c>Meters:N:Token</c>) and SenML base names (<c>Meters:N:Urn</c>).</summary>
public sealed class HttpMeterDirectory
{
    private readonly List<(byte[] Token, string MeterId)> _tokens = [];
    private readonly Dictionary<string, string> _urnOf = new(StringComparer.Ordinal);

    public HttpMeterDirectory(MeterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var meter in catalog.ForPlugin(HttpPluginInfo.Name))
        {
            if (meter.Section["Token"] is { Length: > 0 } token)
            {
                _tokens.Add((Encoding.UTF8.GetBytes(token), meter.Id));
            }

            if (meter.Section["Urn"] is { Length: > 0 } urn)
            {
                _urnOf[meter.Id] = SenmlReadings.MeterKey(urn);
            }
        }

        Count = catalog.ForPlugin(HttpPluginInfo.Name).Count();
    }

    public int Count { get; }

    /// <summary>The meter whose token this is, compared in constant time; null when none.</summary>
    public string? MeterOfToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var presented = Encoding.UTF8.GetBytes(token);
        string? found = null;
        foreach (var (expected, meterId) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, presented))
            {
                found = meterId;
            }
        }

        return found;
    }

    /// <summary>Whether a SenML meter key (base name) designates <paramref name="meterId"/>: its Urn or its id.</summary>
    public bool IsKeyOf(string key, string meterId) =>
        key.Length == 0 || key == meterId || (_urnOf.TryGetValue(meterId, out var urn) && urn == key);

    /// <summary>The http meters with a Url: polled in their Format every PollSeconds (default 5).</summary>
    public static IReadOnlyList<PolledMeter> PolledMeters(MeterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.ForPlugin(HttpPluginInfo.Name)
            .Where(m => Uri.TryCreate(m.Section["Url"], UriKind.Absolute, out _))
            .Select(m => new PolledMeter(
                m.Id,
                new Uri(m.Section["Url"]!),
                (m.Section["Format"] ?? "shelly-gen1").ToLowerInvariant(),
                TimeSpan.FromSeconds(double.TryParse(m.Section["PollSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0.1 ? s : 5)))];
    }

    public static IReadOnlyList<string> Validate(MeterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<string>();
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var meter in catalog.ForPlugin(HttpPluginInfo.Name))
        {
            var token = meter.Section["Token"];
            var url = meter.Section["Url"];
            if (string.IsNullOrEmpty(token) && string.IsNullOrEmpty(url))
            {
                errors.Add($"{meter.KeyOf("Token")}: an http meter that pushes needs a bearer token (at least 16 characters).");
            }
            else if (token is { Length: > 0 and < 16 })
            {
                errors.Add($"{meter.KeyOf("Token")}: the token is too short to be a secret; use at least 16 characters.");
            }
            else if (token is { Length: > 0 } && !tokens.Add(token))
            {
                errors.Add($"{meter.KeyOf("Token")}: the same token is used by two meters; each meter needs its own.");
            }

            if (!string.IsNullOrEmpty(url))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{meter.KeyOf("Url")}: '{url}' is not an http:// URL (e.g. http://192.168.1.60/status).");
                }

                var format = meter.Section["Format"];
                if (format is not null && format.ToLowerInvariant() is not ("shelly-gen1" or "shelly-gen2"))
                {
                    errors.Add($"{meter.KeyOf("Format")}: '{format}' is not a polled format; use shelly-gen1 or shelly-gen2.");
                }
            }
        }

        return errors;
    }
}
