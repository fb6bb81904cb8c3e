namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// No valid answer came back: the connection failed, the answer was malformed or late.
/// The base of the transport and framing errors; the client retries these (see <see cref="ModbusRetryPolicy"/>).
/// </summary>
public class ModbusCommunicationException : IOException
{
    public ModbusCommunicationException()
        : this("Modbus communication failed.")
    {
    }

    public ModbusCommunicationException(string message)
        : base(message)
    {
    }

    public ModbusCommunicationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
