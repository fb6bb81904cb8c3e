namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// An answer arrived but is not a valid frame for the request: too short, too long, wrong transaction id,
/// unit id or function code, or a byte count that does not add up.
/// </summary>
public class ModbusFrameException : ModbusCommunicationException
{
    public ModbusFrameException()
        : this("The Modbus response frame is malformed.")
    {
    }

    public ModbusFrameException(string message)
        : base(message)
    {
    }

    public ModbusFrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
