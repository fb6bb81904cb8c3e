using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.ByteStream;
using Hub.Plugins.Dsmr.Obis;
using Hub.Plugins.Dsmr.Profiles;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Dsmr.Configuration;

/// <summary>
/// Checks every <c>"Plugin": "dsmr"</c> meter; each problem names its key. A P1 meter has <c>Endpoint</c>, optional
/// <c>Profile</c> (default dsmr-5), <c>MinIntervalSeconds</c> and <c>SilenceSeconds</c>; a gas meter has
/// <c>GasOf</c> (the P1 meter's id), optional <c>Channel</c> and <c>WhPerM3</c>.
/// </summary>
public static class DsmrSetupBuilder
{
    public const double DefaultGasWhPerM3 = 9769;

    public static DsmrSetup Build(MeterCatalog catalog, ICollection<string> errors, string? profilesDir = null, string? obisPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(errors);
        var profileErrors = new List<string>();
        var profiles = DsmrProfileLibrary.Load(profilesDir ?? DsmrProfileLibrary.ShippedDirectory, profileErrors);
        foreach (var error in profileErrors)
        {
            errors.Add($"dsmr profiles: {error}");
        }

        ObisMap map;
        try
        {
            map = ObisMap.Load(obisPath ?? ObisMap.ShippedPath);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            errors.Add($"dsmr OBIS map: {ex.Message}");
            map = new ObisMap(string.Empty, []);
        }

        var entries = catalog.ForPlugin(DsmrPluginInfo.Name).ToList();
        var gasOf = new Dictionary<string, List<DsmrGasMeter>>(StringComparer.Ordinal);
        foreach (var gas in entries.Where(m => !string.IsNullOrEmpty(m.Section["GasOf"])))
        {
            var owner = gas.Section["GasOf"]!;
            if (!entries.Any(m => m.Id == owner && string.IsNullOrEmpty(m.Section["GasOf"])))
            {
                errors.Add($"{gas.KeyOf("GasOf")}: '{owner}' is no dsmr electricity meter of this hub; name the meter whose P1 port carries the gas readings.");
                continue;
            }

            int? channel = null;
            if (gas.Section["Channel"] is { } channelText)
            {
                if (!int.TryParse(channelText, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c is < 1 or > 4)
                {
                    errors.Add($"{gas.KeyOf("Channel")}: '{channelText}' is not an M-Bus channel; use 1 to 4.");
                    continue;
                }

                channel = c;
            }

            if (!TryNumber(gas, "WhPerM3", DefaultGasWhPerM3, 1000, 20000, errors, out var whPerM3))
            {
                continue;
            }

            if (gas.Section["Endpoint"] is not null)
            {
                errors.Add($"{gas.KeyOf("Endpoint")}: a gas meter is read through its GasOf meter's port; remove Endpoint.");
                continue;
            }

            var list = gasOf.TryGetValue(owner, out var l) ? l : gasOf[owner] = [];
            list.Add(new DsmrGasMeter(gas.Id, channel, whPerM3));
        }

        var meters = new List<DsmrMeter>();
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var meter in entries.Where(m => string.IsNullOrEmpty(m.Section["GasOf"])))
        {
            var before = errors.Count;
            var profileName = meter.Section["Profile"] ?? DsmrProfileLibrary.DefaultProfile;
            var profile = profiles.Find(profileName);
            if (profile is null)
            {
                errors.Add($"{meter.KeyOf("Profile")}: no profile '{profileName}'; this hub has: {string.Join(", ", profiles.Names)}.");
            }

            StreamEndpoint? endpoint = null;
            if (profile is not null && !StreamEndpoint.TryParse(meter.Section["Endpoint"], profile.Line, out endpoint, out var endpointError))
            {
                errors.Add($"{meter.KeyOf("Endpoint")}: {endpointError}");
            }

            TryNumber(meter, "MinIntervalSeconds", 0, 0, 86_400, errors, out var minInterval);
            TryNumber(meter, "SilenceSeconds", Math.Max(30, 3 * (profile?.TelegramSeconds ?? 10)), 2, 3600, errors, out var silence);
            if (errors.Count != before || endpoint is null || profile is null)
            {
                continue;
            }

            if (!ports.TryAdd(PortKey(endpoint), meter.KeyOf("Endpoint")))
            {
                errors.Add($"{meter.KeyOf("Endpoint")}: {endpoint} is already read for {ports[PortKey(endpoint)]}; a P1 port has one meter.");
                continue;
            }

            meters.Add(new DsmrMeter(meter.Id, endpoint, profile, TimeSpan.FromSeconds(minInterval), TimeSpan.FromSeconds(silence), gasOf.GetValueOrDefault(meter.Id) ?? []));
        }

        return new DsmrSetup(map, meters);
    }

    private static string PortKey(StreamEndpoint endpoint) => endpoint switch
    {
        SerialStreamEndpoint serial => serial.PortName,
        _ => endpoint.ToString()!.ToLowerInvariant(),
    };

    private static bool TryNumber(MeterDescriptor meter, string key, double fallback, double min, double max, ICollection<string> errors, out double value)
    {
        value = fallback;
        var text = meter.Section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{meter.KeyOf(key)}: '{text}' is out of range; use {min} to {max}."));
            return false;
        }

        return true;
    }
}

/// <summary>Fails the boot (ValidateOnStart) with one message per problem.</summary>
internal sealed class DsmrOptionsValidator(MeterCatalog catalog) : IValidateOptions<DsmrOptions>
{
    public ValidateOptionsResult Validate(string? name, DsmrOptions options)
    {
        var errors = new List<string>();
        DsmrSetupBuilder.Build(catalog, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
