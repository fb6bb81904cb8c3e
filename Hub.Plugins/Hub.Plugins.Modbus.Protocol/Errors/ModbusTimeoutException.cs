namespace Hub.Plugins.Modbus.Protocol;

/// <summary>No complete answer arrived within <see cref="ModbusClientOptions.RequestTimeout"/>.</summary>
public sealed class ModbusTimeoutException : ModbusCommunicationException
{
    public ModbusTimeoutException()
        : this("The Modbus request timed out.")
    {
    }

    public ModbusTimeoutException(string message)
        : base(message)
    {
    }

    public ModbusTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
