using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Protocol;

namespace MeterFirmware.Modbus;

/// <summary>
/// The Eastron SDM630 input-register map (function 04, float32 high word first), as the hub's
/// <c>eastron-sdm630</c> profile reads it: 0x0000..0x004B, every register present as on the real meter. The
/// simulated meter is single-phase (an SDM630 wired 1P2W): L2 and L3 read 0.
/// </summary>
internal static class Sdm630RegisterMap
{
    /// <summary>Registers 0x0000..0x004B.</summary>
    public const int Length = 0x4C;

    public static ushort[] Encode(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var registers = new ushort[Length];
        void Put(int address, double? value) =>
            RegisterEncoder.FromSingle((float)(value ?? 0)).CopyTo(registers.AsSpan(address));

        Put(0x00, reading.VoltageV?.ElementAtOrDefault(0));
        Put(0x02, reading.VoltageV?.ElementAtOrDefault(1));
        Put(0x04, reading.VoltageV?.ElementAtOrDefault(2));
        Put(0x06, reading.CurrentA?.ElementAtOrDefault(0));
        Put(0x08, reading.CurrentA?.ElementAtOrDefault(1));
        Put(0x0A, reading.CurrentA?.ElementAtOrDefault(2));
        Put(0x0C, reading.PowerW);                 // phase 1 power: all of it on a single-phase meter
        Put(0x34, reading.PowerW);                 // total system power
        Put(0x46, reading.FrequencyHz);
        Put(0x48, reading.EnergyImportWh / 1000);  // total import kWh
        Put(0x4A, reading.EnergyExportWh / 1000);  // total export kWh
        return registers;
    }
}
