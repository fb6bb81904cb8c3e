using System.IO.Ports;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>A <see cref="SerialPort"/> opened with an endpoint's line settings and no handshake.</summary>
internal sealed class SerialPortLink : ISerialLink
{
    private readonly SerialPort _port;

    private SerialPortLink(SerialPort port)
    {
        _port = port;
    }

    public Stream Stream => _port.BaseStream;

    public static SerialPortLink Open(ModbusRtuEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var port = new SerialPort(endpoint.PortName, endpoint.BaudRate, endpoint.Parity, endpoint.DataBits, endpoint.StopBits)
        {
            Handshake = Handshake.None,

            // Timeouts come from the client's cancellation tokens, not from the port.
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = SerialPort.InfiniteTimeout,
        };
        try
        {
            port.Open();
            return new SerialPortLink(port);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    public void DiscardInput() => _port.DiscardInBuffer();

    public void Dispose() => _port.Dispose();
}
