using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;

namespace Hub.Plugins.Coap.Configuration;

/// <summary>
/// The coap meters and how a SenML base name finds one: by <c>Meters:N:Urn</c> or by the meter id. Also knows meters of
/// other plugins, so that a CoAP payload for one of them is refused as forbidden rather than unknown.
/// </summary>
public sealed class CoapMeterDirectory
{
    private readonly Dictionary<string, CoapMeter> _byKey = new(StringComparer.Ordinal);
    private readonly MeterCatalog _catalog;

    public CoapMeterDirectory(MeterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        var meters = new List<CoapMeter>();
        foreach (var descriptor in catalog.ForPlugin(CoapPluginInfo.Name))
        {
            var section = descriptor.Section;
            var urn = section["Urn"] is { Length: > 0 } u ? SenmlReadings.MeterKey(u) : null;
            var mode = string.Equals(section["Mode"], "observe", StringComparison.OrdinalIgnoreCase) ? CoapMeterMode.Observe : CoapMeterMode.Push;
            var url = Uri.TryCreate(section["Url"], UriKind.Absolute, out var parsed) ? parsed : null;
            var meter = new CoapMeter(descriptor.Id, urn, mode, url);
            meters.Add(meter);
            _byKey.TryAdd(descriptor.Id, meter);
            if (urn is not null)
            {
                _byKey.TryAdd(urn, meter);
            }
        }

        Meters = meters;
    }

    public IReadOnlyList<CoapMeter> Meters { get; }

    /// <summary>The coap meter with this base-name key (Urn or id), or null.</summary>
    public CoapMeter? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>True when <paramref name="key"/> is the id of a meter configured for another plugin.</summary>
    public bool BelongsToAnotherPlugin(string key) => _catalog.Find(key) is { } other && other.Plugin != CoapPluginInfo.Name;

    /// <summary>Problems with the coap meters' keys, each naming its key.</summary>
    public static IReadOnlyList<string> Validate(MeterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<string>();
        var urns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var meter in catalog.ForPlugin(CoapPluginInfo.Name))
        {
            var mode = meter.Section["Mode"];
            if (mode is not null && !string.Equals(mode, "push", StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, "observe", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{meter.KeyOf("Mode")}: '{mode}' is not a mode; use \"push\" (the meter POSTs to /readings) or \"observe\" (the hub observes Url).");
            }

            if (string.Equals(mode, "observe", StringComparison.OrdinalIgnoreCase)
                && !(Uri.TryCreate(meter.Section["Url"], UriKind.Absolute, out var url) && url.Scheme == "coap" && url.Host.Length > 0))
            {
                errors.Add($"{meter.KeyOf("Url")}: an observed meter needs a URL like coap://192.168.1.70:5683/energy (got '{meter.Section["Url"]}').");
            }

            if (meter.Section["Urn"] is { Length: > 0 } urn && !urns.Add(SenmlReadings.MeterKey(urn)))
            {
                errors.Add($"{meter.KeyOf("Urn")}: '{urn}' is used by two meters; each meter needs its own base name.");
            }
        }

        return errors;
    }
}
