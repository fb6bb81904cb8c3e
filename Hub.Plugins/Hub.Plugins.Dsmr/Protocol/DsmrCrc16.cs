namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>
/// CRC16 of DSMR 4.0+ (P1 Companion Standard 5.0.2 §6.2): CRC-16/ARC, polynomial x^16+x^15+x^2+1 (0xA001 reflected),
/// initial value 0, no final XOR, over every byte from '/' to '!' inclusive; sent as four upper-case hex digits.
/// </summary>
public static class DsmrCrc16
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
