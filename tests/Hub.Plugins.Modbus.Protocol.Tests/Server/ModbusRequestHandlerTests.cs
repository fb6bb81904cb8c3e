using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>The server's codec: request PDU in, response PDU out, per V1.1b3 §6 state diagrams.</summary>
public sealed class ModbusRequestHandlerTests
{
    private readonly ModbusRegisterBank _bank = new();

    public ModbusRequestHandlerTests()
    {
        _bank.SetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0x006B, [555, 0, 100]);
        _bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0x0008, [10]);
    }

    [Fact]
    public void ReadHolding_SpecExample()
    {
        Assert.Equal(Hex("03 06 022B 0000 0064"), ModbusRequestHandler.Handle(_bank, 1, Hex("03 006B 0003")));
    }

    [Fact]
    public void ReadInput_SpecExample()
    {
        Assert.Equal(Hex("04 02 000A"), ModbusRequestHandler.Handle(_bank, 1, Hex("04 0008 0001")));
    }

    [Theory]
    [InlineData("03 006A 0002")]
    [InlineData("03 006D 0002")]
    [InlineData("04 0008 0002")]
    [InlineData("04 006B 0001")]
    [InlineData("03 FFFF 0002")]
    public void ReadTouchingAnUnmappedAddress_IsException02(string request)
    {
        var function = Hex(request)[0];
        Assert.Equal(new byte[] { (byte)(function | 0x80), 0x02 }, ModbusRequestHandler.Handle(_bank, 1, Hex(request)));
    }

    [Theory]
    [InlineData("03 006B 0000")]
    [InlineData("03 006B 007E")]
    [InlineData("03 006B")]
    [InlineData("10 006B 0001 04 0001 0002")]
    [InlineData("10 006B 0002 04 0001")]
    [InlineData("10 006B 0000 00")]
    [InlineData("06 006B")]
    public void BadQuantityOrByteCount_IsException03(string request)
    {
        var function = Hex(request)[0];
        Assert.Equal(new byte[] { (byte)(function | 0x80), 0x03 }, ModbusRequestHandler.Handle(_bank, 1, Hex(request)));
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x05)]
    [InlineData(0x2B)]
    public void UnsupportedFunction_IsException01(byte function)
    {
        Assert.Equal(new byte[] { (byte)(function | 0x80), 0x01 }, ModbusRequestHandler.Handle(_bank, 1, [function, 0, 0, 0, 1]));
    }

    [Fact]
    public void UnknownUnit_IsException0B()
    {
        Assert.Equal(Hex("83 0B"), ModbusRequestHandler.Handle(_bank, 2, Hex("03 006B 0001")));
    }

    [Fact]
    public void WriteSingle_EchoesAndUpdatesTheBank()
    {
        Assert.Equal(Hex("06 006C 1234"), ModbusRequestHandler.Handle(_bank, 1, Hex("06 006C 1234")));
        Assert.Equal(new ushort[] { 555, 0x1234, 100 }, _bank.GetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0x006B, 3));
    }

    [Fact]
    public void WriteMultiple_AnswersAddressAndQuantity_AndUpdatesTheBank()
    {
        Assert.Equal(Hex("10 006C 0002"), ModbusRequestHandler.Handle(_bank, 1, Hex("10 006C 0002 04 000A 0102")));
        Assert.Equal(new ushort[] { 555, 10, 258 }, _bank.GetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0x006B, 3));
    }

    [Fact]
    public void WritePartlyOutsideTheMap_IsException02_AndWritesNothing()
    {
        Assert.Equal(Hex("90 02"), ModbusRequestHandler.Handle(_bank, 1, Hex("10 006C 0003 06 0001 0002 0003")));
        Assert.Equal(Hex("86 02"), ModbusRequestHandler.Handle(_bank, 1, Hex("06 0008 0001")));
        Assert.Equal(new ushort[] { 555, 0, 100 }, _bank.GetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0x006B, 3));
        Assert.Equal(new ushort[] { 10 }, _bank.GetRegisters(1, ModbusRegisterTable.InputRegisters, 8, 1));
    }
}
