namespace Hub.Plugins.Modbus.Protocol;

/// <summary>An open serial line: the seam under <see cref="RtuTransport"/> (a <c>SerialPort</c>, or a script in tests).</summary>
internal interface ISerialLink : IDisposable
{
    Stream Stream { get; }

    /// <summary>Drops bytes received but not read, e.g. the tail of a late or garbled answer.</summary>
    void DiscardInput();
}
