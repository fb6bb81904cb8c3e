using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Tests;

/// <summary>Register images of the meters the tests serve, with known values.</summary>
internal static class RegisterMaps
{
    /// <summary>SDM630 input registers 0x0000..0x004B (76 registers, all mapped as on the real meter), float32 ABCD.</summary>
    public static ushort[] Sdm630(
        double[] voltage, double[] current, double[] phasePower, double totalPower, double frequency, double importKwh, double exportKwh)
    {
        var registers = new ushort[0x4C];
        void Put(int address, double value) => RegisterEncoder.FromSingle((float)value).CopyTo(registers.AsSpan(address));
        for (var i = 0; i < 3; i++)
        {
            Put(0x00 + (2 * i), voltage[i]);
            Put(0x06 + (2 * i), current[i]);
            Put(0x0C + (2 * i), phasePower[i]);
        }

        Put(0x34, totalPower);
        Put(0x46, frequency);
        Put(0x48, importKwh);
        Put(0x4A, exportKwh);
        return registers;
    }

    /// <summary>SDM120 input registers 0x0000..0x004B, float32 ABCD.</summary>
    public static ushort[] Sdm120(double voltage, double current, double power, double frequency, double importKwh, double exportKwh)
    {
        var registers = new ushort[0x4C];
        void Put(int address, double value) => RegisterEncoder.FromSingle((float)value).CopyTo(registers.AsSpan(address));
        Put(0x00, voltage);
        Put(0x06, current);
        Put(0x0C, power);
        Put(0x46, frequency);
        Put(0x48, importKwh);
        Put(0x4A, exportKwh);
        return registers;
    }

    /// <summary>A pymodbus_server.py --block argument.</summary>
    public static string Block(int unit, string table, int address, IEnumerable<ushort> values) =>
        $"{unit}:{table}:{address}:{string.Join(',', values.Select(v => "0x" + v.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}";
}
