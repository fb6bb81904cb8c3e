using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.SunSpec;

/// <summary>
/// Finds the SunSpec map on a device (SunSpec Information Model Specification, "Device Modbus Map"): the marker
/// 'SunS' (0x5375 0x6E53) at one of the base addresses, then models back to back, each as ID, L (length in
/// registers, not counting ID and L) and L registers of points, ended by ID 0xFFFF.
/// </summary>
public static class SunSpecDiscovery
{
    public const ushort MarkerHigh = 0x5375;
    public const ushort MarkerLow = 0x6E53;
    public const ushort EndModelId = 0xFFFF;

    /// <summary>At most this many models are walked; a real device has a handful.</summary>
    private const int MaxModels = 64;

    /// <summary>The preferred model of <paramref name="profile"/> present on the device.</summary>
    /// <exception cref="SunSpecDiscoveryException">No marker, or none of the profile's models.</exception>
    public static async Task<SunSpecModelLocation> DiscoverAsync(
        IModbusClient client, byte unitId, SunSpecProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(profile);
        var baseAddress = await FindMarkerAsync(client, unitId, profile, cancellationToken).ConfigureAwait(false)
            ?? throw new SunSpecDiscoveryException(
                $"no SunSpec marker 'SunS' at register {string.Join(", ", profile.BaseAddresses)} of unit {unitId}; is SunSpec enabled on the device?");

        var found = new List<SunSpecModelLocation>();
        var seen = new List<int>();
        var address = baseAddress + 2;
        for (var i = 0; i < MaxModels && address + 2 <= ModbusLimits.AddressSpace; i++)
        {
            var header = await Read(client, unitId, profile.Function, (ushort)address, 2, cancellationToken).ConfigureAwait(false);
            if (header[0] == EndModelId)
            {
                break;
            }

            seen.Add(header[0]);
            var map = profile.Models.FirstOrDefault(m => m.Ids.Contains(header[0]));
            if (map is not null)
            {
                found.Add(new SunSpecModelLocation(header[0], (ushort)(address + 2), header[1], map));
            }

            address += 2 + header[1];
        }

        return found.OrderBy(f => IndexOf(profile.Models, f.Map)).FirstOrDefault()
            ?? throw new SunSpecDiscoveryException(
                $"unit {unitId} has SunSpec models {string.Join(", ", seen)} but none the profile reads ({string.Join(", ", profile.Models.SelectMany(m => m.Ids))}).");
    }

    private static async Task<int?> FindMarkerAsync(IModbusClient client, byte unitId, SunSpecProfile profile, CancellationToken cancellationToken)
    {
        foreach (var candidate in profile.BaseAddresses)
        {
            try
            {
                var marker = await Read(client, unitId, profile.Function, candidate, 2, cancellationToken).ConfigureAwait(false);
                if (marker[0] == MarkerHigh && marker[1] == MarkerLow)
                {
                    return candidate;
                }
            }
            catch (ModbusException)
            {
                // Exception 02 (no such register) at this base: try the next one.
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<SunSpecModelMap> maps, SunSpecModelMap map)
    {
        for (var i = 0; i < maps.Count; i++)
        {
            if (ReferenceEquals(maps[i], map))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    internal static Task<ushort[]> Read(IModbusClient client, byte unitId, ModbusFunctionCode function, ushort address, ushort count, CancellationToken cancellationToken) =>
        function == ModbusFunctionCode.ReadInputRegisters
            ? client.ReadInputRegistersAsync(unitId, address, count, cancellationToken)
            : client.ReadHoldingRegistersAsync(unitId, address, count, cancellationToken);
}
