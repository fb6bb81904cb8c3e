using System.Buffers.Binary;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// Gives MQTT 3.1/3.1.1 clients that connect with an empty client id and a clean session a unique id, as MQTT 3.1.1
/// §3.1.3.1 [MQTT-3.1.3-6] allows and many meters (and mosquitto_pub 2.x) expect. MQTTnet 5 assigns ids only to
/// MQTT 5 clients and refuses the rest with "identifier rejected" (dotnet/MQTTnet#2181), so this stream reads the
/// first packet (always CONNECT, §3.1), writes the id into it, and hands MQTTnet the rewritten packet. Everything
/// after the first packet passes through untouched. MQTT 5 clients get their id from MQTTnet's AssignedClientIdentifier.
/// </summary>
internal sealed class ClientIdAssigningStream(Stream inner, Func<string> newClientId) : Stream
{
    private const int ConnectPacketType = 1;
    private const byte CleanSessionFlag = 0x02;

    private bool _firstPacketRead;
    private byte[]? _firstPacket;
    private int _firstPacketOffset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The CONNECT body with an assigned client id, or null to keep it as it is.</summary>
    internal static byte[]? AssignClientId(ReadOnlySpan<byte> body, string clientId)
    {
        // Variable header (§3.1.2): protocol name (length-prefixed), protocol level, connect flags, keep alive.
        if (body.Length < 2)
        {
            return null;
        }

        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        var levelOffset = 2 + nameLength;
        var clientIdOffset = levelOffset + 4;
        if (body.Length < clientIdOffset + 2)
        {
            return null;
        }

        var level = body[levelOffset];
        var flags = body[levelOffset + 1];
        var idLength = BinaryPrimitives.ReadUInt16BigEndian(body[clientIdOffset..]);

        // MQTT 5 (level 5) has properties before the payload and its own mechanism; without a clean session an empty id is refused (§3.1.3-8).
        if (level is not (3 or 4) || idLength != 0 || (flags & CleanSessionFlag) == 0)
        {
            return null;
        }

        var id = System.Text.Encoding.UTF8.GetBytes(clientId);
        var rewritten = new byte[body.Length + id.Length];
        body[..clientIdOffset].CopyTo(rewritten);
        BinaryPrimitives.WriteUInt16BigEndian(rewritten.AsSpan(clientIdOffset), (ushort)id.Length);
        id.CopyTo(rewritten.AsSpan(clientIdOffset + 2));
        body[(clientIdOffset + 2)..].CopyTo(rewritten.AsSpan(clientIdOffset + 2 + id.Length));
        return rewritten;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_firstPacketRead)
        {
            _firstPacketRead = true;
            _firstPacket = await ReadFirstPacketAsync(cancellationToken).ConfigureAwait(false);
            if (_firstPacket is null)
            {
                return 0;
            }
        }

        if (_firstPacket is { } packet)
        {
            var count = Math.Min(buffer.Length, packet.Length - _firstPacketOffset);
            packet.AsMemory(_firstPacketOffset, count).CopyTo(buffer);
            _firstPacketOffset += count;
            if (_firstPacketOffset == packet.Length)
            {
                _firstPacket = null;
            }

            return count;
        }

        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>MQTTnet reads asynchronously only.</summary>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

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

    /// <summary>Reads the whole first packet (its size already bounded by the guard below), rewritten if needed; null if the stream ended.</summary>
    private async Task<byte[]?> ReadFirstPacketAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        if (!await ReadExactlyOrEndAsync(one, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var header = one[0];
        var lengthBytes = new List<byte>(4);
        var length = 0;
        var multiplier = 1;
        do
        {
            if (!await ReadExactlyOrEndAsync(one, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            lengthBytes.Add(one[0]);
            length += (one[0] & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((one[0] & 0x80) != 0 && lengthBytes.Count < 4);

        var body = new byte[length];
        if (!await ReadExactlyOrEndAsync(body, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (header >> 4 == ConnectPacketType && AssignClientId(body, newClientId()) is { } rewritten)
        {
            return [header, .. EncodeLength(rewritten.Length), .. rewritten];
        }

        return [header, .. lengthBytes, .. body];
    }

    private async Task<bool> ReadExactlyOrEndAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < buffer.Length)
        {
            var read = await inner.ReadAsync(buffer[offset..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            offset += read;
        }

        return true;
    }

    private static List<byte> EncodeLength(int length)
    {
        var bytes = new List<byte>(4);
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            bytes.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        return bytes;
    }
}
