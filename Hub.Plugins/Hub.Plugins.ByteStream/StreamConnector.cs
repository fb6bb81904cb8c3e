using System.IO.Ports;
using System.Net.Sockets;

namespace Hub.Plugins.ByteStream;

/// <summary>Opens the stream an endpoint names.</summary>
public static class StreamConnector
{
    public static async Task<Stream> OpenAsync(StreamEndpoint endpoint, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        switch (endpoint)
        {
            case TcpStreamEndpoint tcp:
                var client = new TcpClient { NoDelay = true };
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(connectTimeout);
                    try
                    {
                        await client.ConnectAsync(tcp.Host, tcp.Port, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new IOException($"no connection to {tcp} within {connectTimeout.TotalSeconds:0.#} s.");
                    }

                    return new OwningStream(client.GetStream(), client);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

            case SerialStreamEndpoint serial:
                var line = serial.Line;
                var port = new SerialPort(serial.PortName, line.BaudRate, line.Parity, line.DataBits, line.StopBits)
                {
                    Handshake = Handshake.None,
                    ReadTimeout = SerialPort.InfiniteTimeout,
                    WriteTimeout = SerialPort.InfiniteTimeout,
                };
                try
                {
                    port.Open();

                    RaiseDataRequest(port);
                    return new OwningStream(port.BaseStream, port);
                }
                catch
                {
                    port.Dispose();
                    throw;
                }

            default:
                throw new ArgumentException($"unknown endpoint {endpoint}.", nameof(endpoint));
        }
    }

    /// <summary>
    /// DSMR 5.0.2 §5.2: the meter sends only while "data request" (RTS on most P1 cables) is raised. Best effort: a
    /// pseudo-terminal or a plain UART has no modem lines, and most P1 cables wire the line high themselves.
    /// </summary>
    private static void RaiseDataRequest(SerialPort port)
    {
        try
        {
            port.RtsEnable = true;
            port.DtrEnable = true;
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A stream that also disposes what it came from (the socket, the serial port).</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
