using System.Threading.Channels;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>
/// The fake at the transport seam: an in-memory duplex stream. Each write is handed to a responder, whose answer
/// (if any) becomes readable. Reads wait for bytes; once <see cref="End"/> is called and the bytes run out they
/// return 0 (the peer closed). Reads honour cancellation, as a socket or serial stream does.
/// </summary>
internal sealed class ScriptedStream : Stream
{
    private readonly Func<byte[], byte[]?> _respond;
    private readonly Channel<byte[]> _incoming = Channel.CreateUnbounded<byte[]>();
    private byte[] _current = [];
    private int _offset;

    private readonly bool _endAfterResponse;

    /// <param name="respond">Answers a written chunk; null answers nothing.</param>
    /// <param name="endAfterResponse">Closes the stream after the first answer, like a peer that hangs up.</param>
    public ScriptedStream(Func<byte[], byte[]?> respond, bool endAfterResponse = false)
    {
        _respond = respond;
        _endAfterResponse = endAfterResponse;
    }

    public List<byte[]> Written { get; } = [];

    /// <summary>Bytes the stream produced, chunk by chunk: lets a test deliver one frame in several reads.</summary>
    public int MaxReadChunk { get; set; } = int.MaxValue;

    public bool IsDisposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Makes bytes readable without a request (e.g. stale bytes on a serial line).</summary>
    public void Inject(byte[] bytes) => _incoming.Writer.TryWrite(bytes);

    /// <summary>The peer closes: reads return 0 after the remaining bytes.</summary>
    public void End() => _incoming.Writer.TryComplete();

    /// <summary>Drops every byte not read yet; what a serial port's DiscardInBuffer does.</summary>
    public void Discard()
    {
        _current = [];
        _offset = 0;
        while (_incoming.Reader.TryRead(out _))
        {
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        while (_offset >= _current.Length)
        {
            if (!await _incoming.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            if (_incoming.Reader.TryRead(out var next))
            {
                _current = next;
                _offset = 0;
            }
        }

        var n = Math.Min(Math.Min(buffer.Length, _current.Length - _offset), MaxReadChunk);
        _current.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var request = buffer.ToArray();
        Written.Add(request);
        var response = _respond(request);
        if (response is not null)
        {
            _incoming.Writer.TryWrite(response);
            if (_endAfterResponse)
            {
                End();
            }
        }

        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
