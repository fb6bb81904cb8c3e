using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Configuration;

/// <summary>
/// Checks the <c>Modbus</c> section, the profiles and every modbus meter; each problem names its key
/// (<c>Meters:2:UnitId: ...</c>) or its profile file.
/// </summary>
public static class ModbusSetupBuilder
{
    public const double DefaultPollSeconds = 5;

    public static ModbusSetup Build(ModbusOptions options, MeterCatalog catalog, ICollection<string> errors, string? shippedProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(errors);
        if (options.RequestTimeoutMs is < 10 or > 60_000)
        {
            errors.Add($"{ModbusOptions.SectionName}:RequestTimeoutMs: {options.RequestTimeoutMs} is out of range; use 10 to 60000 (milliseconds).");
        }

        if (options.Retries is < 0 or > 10)
        {
            errors.Add($"{ModbusOptions.SectionName}:Retries: {options.Retries} is out of range; use 0 to 10.");
        }

        var profileErrors = new List<string>();
        var profiles = ProfileLibrary.Load([shippedProfiles ?? ProfileLibrary.ShippedDirectory, .. options.ProfileDirs], profileErrors);
        foreach (var error in profileErrors)
        {
            errors.Add($"{ModbusOptions.SectionName}:ProfileDirs: {error}");
        }

        var meters = new List<ModbusMeter>();
        var serialSettings = new Dictionary<string, (ModbusRtuEndpoint Endpoint, string Key)>(StringComparer.Ordinal);
        var units = new Dictionary<(string Bus, byte Unit), string>();
        foreach (var meter in catalog.ForPlugin(ModbusPluginInfo.Name))
        {
            var section = meter.Section;
            var before = errors.Count;
            ModbusEndpoint? endpoint = null;
            var endpointText = section["Endpoint"];
            if (string.IsNullOrWhiteSpace(endpointText))
            {
                errors.Add($"{meter.KeyOf("Endpoint")}: missing; give tcp://host:port or rtu:///dev/ttyUSB0?baud=9600&parity=N&stop=1.");
            }
            else if (!ModbusEndpoint.TryParse(endpointText, out endpoint, out var endpointError))
            {
                errors.Add($"{meter.KeyOf("Endpoint")}: {endpointError}");
            }

            byte unitId = 0;
            var unitText = section["UnitId"];
            if (string.IsNullOrWhiteSpace(unitText))
            {
                errors.Add($"{meter.KeyOf("UnitId")}: missing; give the meter's Modbus address, 1 to 247.");
            }
            else if (!byte.TryParse(unitText, NumberStyles.None, CultureInfo.InvariantCulture, out unitId) || unitId is < 1 or > 247)
            {
                errors.Add($"{meter.KeyOf("UnitId")}: '{unitText}' is not a Modbus unit id; use 1 to 247.");
            }

            DeviceProfile? profile = null;
            var profileName = section["Profile"];
            if (string.IsNullOrWhiteSpace(profileName))
            {
                errors.Add($"{meter.KeyOf("Profile")}: missing; use one of: {string.Join(", ", profiles.Names.Order(StringComparer.Ordinal))}.");
            }
            else if ((profile = profiles.Find(profileName)) is null)
            {
                errors.Add($"{meter.KeyOf("Profile")}: no profile '{profileName}'; this hub has: {string.Join(", ", profiles.Names.Order(StringComparer.Ordinal))} (add one in a Modbus:ProfileDirs folder).");
            }

            var pollSeconds = DefaultPollSeconds;
            var pollText = section["PollSeconds"];
            if (!string.IsNullOrWhiteSpace(pollText)
                && (!double.TryParse(pollText, NumberStyles.Float, CultureInfo.InvariantCulture, out pollSeconds) || pollSeconds is < 0.1 or > 86_400))
            {
                errors.Add($"{meter.KeyOf("PollSeconds")}: '{pollText}' is not a poll interval; use 0.1 to 86400 seconds (default 5).");
            }

            if (errors.Count != before || endpoint is null || profile is null)
            {
                continue;
            }

            var entry = new ModbusMeter(meter.Id, endpoint, unitId, profile, TimeSpan.FromSeconds(pollSeconds));
            if (endpoint is ModbusRtuEndpoint rtu)
            {
                if (serialSettings.TryGetValue(entry.BusKey, out var first) && first.Endpoint != rtu)
                {
                    errors.Add($"{meter.KeyOf("Endpoint")}: '{rtu}' sets other serial settings than {first.Key} ('{first.Endpoint}') for the same bus; every meter on one bus uses the same baud rate, parity and stop bits.");
                    continue;
                }

                serialSettings.TryAdd(entry.BusKey, (rtu, meter.KeyOf("Endpoint")));
            }

            if (!units.TryAdd((entry.BusKey, unitId), meter.KeyOf("UnitId")))
            {
                errors.Add($"{meter.KeyOf("UnitId")}: unit {unitId} on {entry.BusKey} is already meter {units[(entry.BusKey, unitId)]}; each meter on a bus has its own unit id.");
                continue;
            }

            meters.Add(entry);
        }

        return new ModbusSetup(profiles, meters, options);
    }
}
