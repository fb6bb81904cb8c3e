using System.Text;
using Hub.Plugins.Dsmr.Protocol;

namespace Hub.Plugins.Dsmr.Tests.Protocol;

public sealed class DsmrCrc16Tests
{
    [Fact]
    public void Check_value_of_CRC16_ARC()
    {
        // The catalogue check value of CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no xorout): "123456789" → BB3D.
        Assert.Equal(0xBB3D, DsmrCrc16.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Empty_input_gives_zero() => Assert.Equal(0, DsmrCrc16.Compute([]));

    [Fact]
    public void One_flipped_bit_changes_the_crc()
    {
        var telegram = P1TelegramWriter.Dsmr5().Build();
        var bang = Array.IndexOf(telegram, (byte)'!');
        var original = DsmrCrc16.Compute(telegram.AsSpan(0, bang + 1));
        telegram[40] ^= 0x01;
        Assert.NotEqual(original, DsmrCrc16.Compute(telegram.AsSpan(0, bang + 1)));
    }
}
