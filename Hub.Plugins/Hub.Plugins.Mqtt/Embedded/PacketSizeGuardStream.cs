namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// Sits between the socket and MQTTnet and follows the MQTT framing (fixed header + Remaining Length, §2.2.3) of
/// what MQTTnet reads. MQTTnet 5 has no server-side packet size limit: it allocates the whole body as soon as it
/// has read the Remaining Length. This stream refuses a packet whose Remaining Length exceeds the limit the moment
/// that length is known, before a byte of the body is read, by reporting it and ending the stream, so a 10 MB
/// payload costs the hub a few bytes, not 10 MB.
/// </summary>
internal sealed class PacketSizeGuardStream(Stream inner, int maxPacketBytes, Action<long, int> onTooLarge) : Stream
{
    private const int ExpectHeader = 0;
    private const int InLength = 1;
    private const int InBody = 2;

    private int _state = ExpectHeader;
    private int _packetType;
    private long _length;
    private long _multiplier;
    private int _lengthBytes;
    private long _bodyLeft;
    private bool _refused;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_refused)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Inspect(buffer.Span[..read]) ? read : 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (_refused)
        {
            return 0;
        }

        var read = inner.Read(buffer);
        return Inspect(buffer[..read]) ? read : 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Advances the framing over bytes just read; false (and the stream ends) when a packet is too large.</summary>
    private bool Inspect(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_state)
            {
                case ExpectHeader:
                    _packetType = bytes[i++] >> 4;
                    _length = 0;
                    _multiplier = 1;
                    _lengthBytes = 0;
                    _state = InLength;
                    break;
                case InLength:
                    var b = bytes[i++];
                    _length += (b & 0x7F) * _multiplier;
                    _multiplier *= 128;
                    _lengthBytes++;
                    if ((b & 0x80) != 0 && _lengthBytes < 4)
                    {
                        break;
                    }

                    if (_length > maxPacketBytes)
                    {
                        _refused = true;
                        onTooLarge(_length, _packetType);
                        return false;
                    }

                    // A fifth length byte is malformed; MQTTnet rejects it, and the guard simply starts over.
                    _bodyLeft = _length;
                    _state = _bodyLeft == 0 ? ExpectHeader : InBody;
                    break;
                default:
                    var take = (int)Math.Min(_bodyLeft, bytes.Length - i);
                    _bodyLeft -= take;
                    i += take;
                    if (_bodyLeft == 0)
                    {
                        _state = ExpectHeader;
                    }

                    break;
            }
        }

        return true;
    }
}
