using System.Globalization;
using System.IO.Ports;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// A Modbus RTU bus on a serial port. Defaults follow Modbus over Serial Line V1.02 §2.5.1: 8 data bits (the only
/// size RTU allows), even parity, 1 stop bit; 9600 baud. Many meters ship with no parity: set it from the manual.
/// </summary>
public sealed record ModbusRtuEndpoint : ModbusEndpoint
{
    internal const string Scheme = "rtu://";

    public ModbusRtuEndpoint(
        string portName, int baudRate = 9600, Parity parity = Parity.Even, StopBits stopBits = StopBits.One, int dataBits = 8)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        ArgumentOutOfRangeException.ThrowIfLessThan(baudRate, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baudRate, 4_000_000);
        if (parity is not (Parity.None or Parity.Even or Parity.Odd))
        {
            throw new ArgumentOutOfRangeException(nameof(parity), parity, "Modbus RTU uses no, even or odd parity.");
        }

        if (stopBits is not (StopBits.One or StopBits.Two))
        {
            throw new ArgumentOutOfRangeException(nameof(stopBits), stopBits, "Modbus RTU uses 1 or 2 stop bits.");
        }

        if (dataBits != 8)
        {
            throw new ArgumentOutOfRangeException(nameof(dataBits), dataBits, "Modbus RTU uses 8 data bits (Serial Line V1.02 §2.5.1).");
        }

        PortName = portName;
        BaudRate = baudRate;
        Parity = parity;
        StopBits = stopBits;
        DataBits = dataBits;
    }

    /// <summary>The serial device, e.g. /dev/ttyUSB0.</summary>
    public string PortName { get; }

    public int BaudRate { get; }

    public Parity Parity { get; }

    public StopBits StopBits { get; }

    public int DataBits { get; }

    /// <summary>The silence that separates frames on this bus: 3.5 character times, 1.75 ms above 19200 baud.</summary>
    public TimeSpan InterFrameDelay =>
        RtuTiming.InterFrameDelay(BaudRate, RtuTiming.BitsPerCharacter(DataBits, Parity != Parity.None, StopBits == StopBits.Two ? 2 : 1));

    public override string ToString()
    {
        var parity = Parity switch { Parity.Even => "E", Parity.Odd => "O", _ => "N" };
        var stop = StopBits == StopBits.Two ? 2 : 1;
        return string.Create(CultureInfo.InvariantCulture, $"rtu://{PortName}?baud={BaudRate}&parity={parity}&stop={stop}&data={DataBits}");
    }
}
