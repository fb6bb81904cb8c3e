using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.ByteStream;
using Hub.Plugins.Sml.Obis;
using Hub.Plugins.Sml.Profiles;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Sml.Configuration;

/// <summary>
/// Checks every <c>"Plugin": "sml"</c> meter: <c>Endpoint</c>, optional <c>Profile</c> (default sml-generic),
/// <c>ServerId</c> (hex), <c>MinIntervalSeconds</c>, <c>SilenceSeconds</c>; each problem names its key.
/// </summary>
public static class SmlSetupBuilder
{
    public static SmlSetup Build(MeterCatalog catalog, ICollection<string> errors, string? profilesDir = null, string? obisPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(errors);
        var profileErrors = new List<string>();
        var profiles = SmlProfileLibrary.Load(profilesDir ?? SmlProfileLibrary.ShippedDirectory, profileErrors);
        foreach (var error in profileErrors)
        {
            errors.Add($"sml profiles: {error}");
        }

        SmlObisMap map;
        try
        {
            map = SmlObisMap.Load(obisPath ?? SmlObisMap.ShippedPath);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            errors.Add($"sml OBIS map: {ex.Message}");
            map = new SmlObisMap([]);
        }

        var meters = new List<SmlMeter>();
        foreach (var meter in catalog.ForPlugin(SmlPluginInfo.Name))
        {
            var before = errors.Count;
            var profileName = meter.Section["Profile"] ?? SmlProfileLibrary.DefaultProfile;
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

            var serverId = meter.Section["ServerId"]?.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            if (serverId is not null && (serverId.Length is 0 or > 32 || serverId.Length % 2 != 0 || !serverId.All(char.IsAsciiHexDigit)))
            {
                errors.Add($"{meter.KeyOf("ServerId")}: '{meter.Section["ServerId"]}' is not a server id in hex, e.g. 0a01454d480000b8ef15.");
            }

            var minInterval = Number(meter, "MinIntervalSeconds", 0, 0, 86_400, errors);
            var silence = Number(meter, "SilenceSeconds", Math.Max(30, 3 * (profile?.TelegramSeconds ?? 4)), 2, 3600, errors);
            if (errors.Count != before || endpoint is null || profile is null)
            {
                continue;
            }

            meters.Add(new SmlMeter(meter.Id, endpoint, profile, serverId, TimeSpan.FromSeconds(minInterval), TimeSpan.FromSeconds(silence)));
        }

        return new SmlSetup(map, meters);
    }

    private static double Number(MeterDescriptor meter, string key, double fallback, double min, double max, ICollection<string> errors)
    {
        var text = meter.Section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{meter.KeyOf(key)}: '{text}' is out of range; use {min} to {max}."));
            return fallback;
        }

        return value;
    }
}

/// <summary>Fails the boot (ValidateOnStart) with one message per problem.</summary>
internal sealed class SmlOptionsValidator(MeterCatalog catalog) : IValidateOptions<SmlOptions>
{
    public ValidateOptionsResult Validate(string? name, SmlOptions options)
    {
        var errors = new List<string>();
        SmlSetupBuilder.Build(catalog, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
