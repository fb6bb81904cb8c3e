using static Hub.Plugins.Modbus.Protocol.Tests.Frames;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>Response PDUs: the spec's examples, exception responses and malformed byte counts.</summary>
public sealed class ModbusResponseDecoderTests
{
    [Fact]
    public void ReadHoldingRegisters_SpecExample_GivesThreeValues()
    {
        // §6.3: registers 108-110 hold 555 (0x022B), 0 and 100.
        var values = ModbusResponseDecoder.ReadRegisters(
            Hex("03 06 022B 0000 0064"), 1, ModbusFunctionCode.ReadHoldingRegisters, 0x006B, 3);
        Assert.Equal(new ushort[] { 555, 0, 100 }, values);
    }

    [Fact]
    public void ReadInputRegisters_SpecExample_GivesOneValue()
    {
        // §6.4: input register 9 holds 10.
        Assert.Equal(new ushort[] { 10 }, ModbusResponseDecoder.ReadRegisters(Hex("04 02 000A"), 1, ModbusFunctionCode.ReadInputRegisters, 8, 1));
    }

    [Fact]
    public void WriteResponses_SpecExamples_AreAccepted()
    {
        ModbusResponseDecoder.WriteSingleRegister(Hex("06 0001 0003"), 1, 1, 3);
        ModbusResponseDecoder.WriteMultipleRegisters(Hex("10 0001 0002"), 1, 1, 2);
    }

    [Theory]
    [InlineData(0x01, ModbusExceptionCode.IllegalFunction, "holding (03) or an input (04)")]
    [InlineData(0x02, ModbusExceptionCode.IllegalDataAddress, "zero-based")]
    [InlineData(0x03, ModbusExceptionCode.IllegalDataValue, "register count")]
    [InlineData(0x04, ModbusExceptionCode.ServerDeviceFailure, "device itself")]
    [InlineData(0x05, ModbusExceptionCode.Acknowledge, "later")]
    [InlineData(0x06, ModbusExceptionCode.ServerDeviceBusy, "busy")]
    [InlineData(0x0A, ModbusExceptionCode.GatewayPathUnavailable, "routing")]
    [InlineData(0x0B, ModbusExceptionCode.GatewayTargetFailedToRespond, "unit id")]
    public void ExceptionResponse_BecomesTypedModbusException_WithAdvice(byte code, ModbusExceptionCode expected, string advice)
    {
        var ex = Assert.Throws<ModbusException>(() => ModbusResponseDecoder.ReadRegisters(
            [0x83, code], 7, ModbusFunctionCode.ReadHoldingRegisters, 100, 4));
        Assert.Equal(expected, ex.ExceptionCode);
        Assert.Equal(ModbusFunctionCode.ReadHoldingRegisters, ex.FunctionCode);
        Assert.Equal(7, ex.UnitId);
        Assert.Contains("Unit 7 refused read holding registers at address 100 (count 4)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains(advice, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionResponse_WithAnUndefinedCode_KeepsTheNumber()
    {
        var ex = Assert.Throws<ModbusException>(() => ModbusResponseDecoder.WriteSingleRegister([0x86, 0x11], 1, 0, 0));
        Assert.Equal((ModbusExceptionCode)0x11, ex.ExceptionCode);
        Assert.Contains("exception 11 unknown exception", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionResponse_WithExtraBytes_IsAFrameError()
    {
        Assert.Throws<ModbusFrameException>(() => ModbusResponseDecoder.ReadRegisters(
            [0x83, 0x02, 0x00], 1, ModbusFunctionCode.ReadHoldingRegisters, 0, 1));
    }

    [Theory]
    [InlineData("03 04 0001", "byte count is 4, expected 2")]
    [InlineData("03 02 00", "short")]
    [InlineData("03 02 0001 0002", "over-long")]
    [InlineData("03", "too short")]
    [InlineData("", "empty")]
    [InlineData("04 02 0001", "function 0x04, expected 0x03")]
    public void MalformedReadResponse_IsAFrameError_NamingTheProblem(string pdu, string problem)
    {
        var ex = Assert.Throws<ModbusFrameException>(() => ModbusResponseDecoder.ReadRegisters(
            Hex(pdu), 1, ModbusFunctionCode.ReadHoldingRegisters, 0, 1));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("06 0001 0004")]
    [InlineData("06 0002 0003")]
    [InlineData("06 0001")]
    public void WriteSingleResponse_ThatIsNotAnExactEcho_IsAFrameError(string pdu)
    {
        Assert.Throws<ModbusFrameException>(() => ModbusResponseDecoder.WriteSingleRegister(Hex(pdu), 1, 1, 3));
    }

    [Fact]
    public void WriteMultipleResponse_WithAnotherQuantity_IsAFrameError()
    {
        var ex = Assert.Throws<ModbusFrameException>(() => ModbusResponseDecoder.WriteMultipleRegisters(Hex("10 0001 0001"), 1, 1, 2));
        Assert.Contains("quantity 1", ex.Message, StringComparison.Ordinal);
    }
}
