namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// An RTU frame failed its CRC-16 check (Modbus over Serial Line V1.02 §2.5.1.2): usually noise, a wrong
/// baud rate or parity, or two devices answering at once.
/// </summary>
public sealed class ModbusCrcException : ModbusFrameException
{
    public ModbusCrcException()
        : this("The Modbus RTU frame failed its CRC check.")
    {
    }

    public ModbusCrcException(string message)
        : base(message)
    {
    }

    public ModbusCrcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
