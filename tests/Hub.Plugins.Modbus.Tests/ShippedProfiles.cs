using Hub.Plugins.Modbus.Profiles;

namespace Hub.Plugins.Modbus.Tests;

/// <summary>The profile files as shipped (copied next to the plugin's dll, so into the test output too).</summary>
internal static class ShippedProfiles
{
    public static DeviceProfile Load(string name) => ProfileLoader.LoadFile(Path.Combine(ProfileLibrary.ShippedDirectory, name + ".json"));
}
