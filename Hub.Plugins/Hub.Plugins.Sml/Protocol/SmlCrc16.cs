namespace Hub.Plugins.Sml.Protocol;

/// <summary>
/// CRC16 of SML 1.04 (BSI TR-03109-1 Anlage IV §4.1 / SML 1.04 §7.1): CRC-16/X-25, polynomial 0x1021 reflected
/// (0x8408), initial 0xFFFF, final XOR 0xFFFF. The transport's CRC follows the 1A byte, low byte first.
/// </summary>
public static class SmlCrc16
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        }

        return (ushort)(crc ^ 0xFFFF);
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0x8408) : (ushort)(crc >> 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
