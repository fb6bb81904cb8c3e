using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>Request PDUs against the examples of Modbus Application Protocol V1.1b3 §6.</summary>
public sealed class ModbusRequestEncoderTests
{
    [Fact]
    public void ReadHoldingRegisters_MatchesSpecExample_Registers108To110()
    {
        // §6.3: read registers 108-110 (address 0x006B, quantity 3).
        Assert.Equal(Hex("03 006B 0003"), ModbusRequestEncoder.ReadRegisters(ModbusFunctionCode.ReadHoldingRegisters, 0x006B, 3));
    }

    [Fact]
    public void ReadInputRegisters_MatchesSpecExample_Register9()
    {
        // §6.4: read input register 9 (address 0x0008).
        Assert.Equal(Hex("04 0008 0001"), ModbusRequestEncoder.ReadRegisters(ModbusFunctionCode.ReadInputRegisters, 0x0008, 1));
    }

    [Fact]
    public void WriteSingleRegister_MatchesSpecExample()
    {
        // §6.6: write register 2 (address 0x0001) to 0x0003.
        Assert.Equal(Hex("06 0001 0003"), ModbusRequestEncoder.WriteSingleRegister(0x0001, 0x0003));
    }

    [Fact]
    public void WriteMultipleRegisters_MatchesSpecExample()
    {
        // §6.12: write 0x000A and 0x0102 to registers 2 and 3 (address 0x0001).
        Assert.Equal(Hex("10 0001 0002 04 000A 0102"), ModbusRequestEncoder.WriteMultipleRegisters(0x0001, [0x000A, 0x0102]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(126)]
    public void ReadRegisters_CountOutsideOneTo125_IsRejected(int count)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => ModbusRequestEncoder.ReadRegisters(ModbusFunctionCode.ReadHoldingRegisters, 0, (ushort)count));
        Assert.Contains("1..125", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRegisters_125_IsTheLargestRead()
    {
        Assert.Equal(Hex("03 0000 007D"), ModbusRequestEncoder.ReadRegisters(ModbusFunctionCode.ReadHoldingRegisters, 0, 125));
    }

    [Fact]
    public void WriteMultipleRegisters_124Values_IsRejected_123Accepted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequestEncoder.WriteMultipleRegisters(0, new ushort[124]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequestEncoder.WriteMultipleRegisters(0, []));
        var pdu = ModbusRequestEncoder.WriteMultipleRegisters(0, new ushort[123]);
        Assert.Equal(6 + 246, pdu.Length);
        Assert.Equal(246, pdu[5]);
    }

    [Fact]
    public void ReadRegisters_RangePastAddress65535_IsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => ModbusRequestEncoder.ReadRegisters(ModbusFunctionCode.ReadInputRegisters, 0xFFFF, 2));
        Assert.Contains("65535", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Hex("04 FFFF 0001"), ModbusRequestEncoder.ReadRegisters(ModbusFunctionCode.ReadInputRegisters, 0xFFFF, 1));
    }

    [Fact]
    public void ReadRegisters_WithAWriteFunction_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => ModbusRequestEncoder.ReadRegisters(ModbusFunctionCode.WriteSingleRegister, 0, 1));
    }
}
