namespace SmartMeter.Peers;

/// <summary>
/// Where the repository and the built programs are. The tests run from <c>tests/X/bin/&lt;config&gt;/net10.0</c>
/// and the bench from <c>bench/Hub.Bench/bin/...</c>; both find the root by walking up to <c>SmartMeter.sln</c>.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding SmartMeter.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The hub service, built by <c>dotnet build SmartMeter.sln -c Release</c>.</summary>
    public static string HubHostDll => Built("Hub.Host", "Hub.Host.dll");

    /// <summary>The meter firmware (simulated sensor, MQTT publisher).</summary>
    public static string MeterFirmwareDll => Built("meter-firmware", "meter-firmware.dll");

    /// <summary>
    /// <c>&lt;project&gt;/bin/Release/net10.0/&lt;dll&gt;</c>, falling back to Debug; Release is what
    /// <c>./smartmeter</c> builds, Debug is what an IDE builds.
    /// </summary>
    public static string Built(string projectFolder, string dllName)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectFolder);
        ArgumentException.ThrowIfNullOrEmpty(dllName);
        var candidates = new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(Root, projectFolder, "bin", configuration, "net10.0", dllName))
            .ToArray();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"{dllName} is not built; run `dotnet build SmartMeter.sln -c Release` first. Looked at: {string.Join(", ", candidates)}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartMeter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"SmartMeter.sln not found in any folder above {AppContext.BaseDirectory}.");
    }
}
