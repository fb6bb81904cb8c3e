namespace Hub.Plugins.Modbus.Profiles;

/// <summary>
/// The profiles a hub knows: those shipped in <c>Profiles/</c> next to the plugin's dll, then those in each folder
/// of <c>Modbus:ProfileDirs</c> (an installer's profile replaces a shipped one of the same name).
/// </summary>
public sealed class ProfileLibrary
{
    private readonly Dictionary<string, DeviceProfile> _profiles;

    private ProfileLibrary(Dictionary<string, DeviceProfile> profiles)
    {
        _profiles = profiles;
    }

    /// <summary>The folder of the shipped profiles.</summary>
    public static string ShippedDirectory =>
        Path.Combine(Path.GetDirectoryName(typeof(ProfileLibrary).Assembly.Location) ?? AppContext.BaseDirectory, "Profiles");

    public IReadOnlyCollection<string> Names => _profiles.Keys;

    public DeviceProfile? Find(string name) => _profiles.GetValueOrDefault(name);

    /// <summary>Loads every <c>*.json</c> of the folders in order; problems go to <paramref name="errors"/>, each naming its file and key.</summary>
    public static ProfileLibrary Load(IEnumerable<string> directories, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(errors);
        var profiles = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                errors.Add($"profile folder '{directory}' does not exist.");
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                try
                {
                    var profile = ProfileLoader.LoadFile(file);
                    profiles[profile.Name] = profile with { Source = file };
                }
                catch (ProfileFormatException ex)
                {
                    errors.Add($"{Path.Combine(directory, ex.Message)}");
                }
            }
        }

        return new ProfileLibrary(profiles);
    }

    /// <summary>A library of the given profiles (tests).</summary>
    public static ProfileLibrary Of(params IEnumerable<DeviceProfile> profiles) =>
        new(profiles.ToDictionary(p => p.Name, StringComparer.Ordinal));
}
