using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

public sealed class MbapFrameTests
{
    [Fact]
    public void Encode_WritesTransactionProtocolLengthAndUnit()
    {
        // Length counts the unit id and the PDU: 1 + 5.
        Assert.Equal(Hex("1234 0000 0006 11 03 006B 0003"), MbapFrame.Encode(0x1234, 0x11, Hex("03 006B 0003")));
    }

    [Fact]
    public void ParseHeader_ReadsEveryField()
    {
        var header = MbapFrame.ParseHeader(Hex("BEEF 0001 0009 FF"));
        Assert.Equal(new MbapHeader(0xBEEF, 1, 9, 0xFF), header);
        Assert.Equal(8, header.PduLength);
    }

    [Fact]
    public void Encode_RejectsEmptyAndOversizedPdus()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MbapFrame.Encode(1, 1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => MbapFrame.Encode(1, 1, new byte[254]));
        Assert.Equal(7 + 253, MbapFrame.Encode(1, 1, new byte[253]).Length);
    }
}
