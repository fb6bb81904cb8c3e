namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// The seam between the client and a wire: frames a request PDU for one unit, sends it, and returns the PDU of
/// the matching response. Called one request at a time. Implementations wrap socket and serial errors in
/// <see cref="ModbusCommunicationException"/> and let <see cref="OperationCanceledException"/> through.
/// </summary>
internal interface IModbusTransport : IAsyncDisposable
{
    /// <summary>The endpoint, for messages.</summary>
    string Description { get; }

    Task<byte[]> TransceiveAsync(byte unitId, ReadOnlyMemory<byte> requestPdu, CancellationToken cancellationToken);

    /// <summary>Forgets the wire's state after a failed request (the stream may be mid-frame): reconnect or flush next time.</summary>
    void Reset();
}
