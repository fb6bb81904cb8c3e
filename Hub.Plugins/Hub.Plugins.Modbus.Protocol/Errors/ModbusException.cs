using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// The server answered with an exception response (function code | 0x80 and an exception code,
/// Modbus Application Protocol V1.1b3 §7). The device is reachable; the request was wrong for it.
/// Never retried: asking again gets the same answer.
/// </summary>
public sealed class ModbusException : Exception
{
    public ModbusException(byte unitId, ModbusFunctionCode functionCode, ModbusExceptionCode exceptionCode, string request)
        : base(FormatMessage(unitId, functionCode, exceptionCode, request))
    {
        UnitId = unitId;
        FunctionCode = functionCode;
        ExceptionCode = exceptionCode;
    }

    public ModbusException()
        : this("The Modbus server answered with an exception response.")
    {
    }

    public ModbusException(string message)
        : base(message)
    {
    }

    public ModbusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The unit (slave) id that answered.</summary>
    public byte UnitId { get; }

    /// <summary>The function of the request that was refused.</summary>
    public ModbusFunctionCode FunctionCode { get; }

    /// <summary>The code the server gave.</summary>
    public ModbusExceptionCode ExceptionCode { get; }

    private static string FormatMessage(byte unitId, ModbusFunctionCode functionCode, ModbusExceptionCode code, string request) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Unit {unitId} refused {request} (function 0x{(int)functionCode:X2}) with exception {(int)code:X2} {ModbusExceptionCodeAdvice.Name(code)}: {ModbusExceptionCodeAdvice.Describe(code)}.");
}
