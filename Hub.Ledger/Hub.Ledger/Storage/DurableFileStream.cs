namespace Hub.Ledger.Storage;

/// <summary>
/// A file stream handed to LiteDB in place of its own, so that the store decides when data reaches the device.
/// LiteDB 5.0.20's commit returns before its pages are written (upstream #2818); its background writer flushes
/// after every page it drains, which as an fsync would cost one per page. Here <see cref="Flush()"/> only hands
/// data to the kernel (the stream is unbuffered), and the store calls <see cref="Sync"/> once per batch before it
/// acknowledges. <see cref="BeforeSetLength"/> lets the log stream fsync the data file before a checkpoint
/// truncates the log, so no committed page exists only in the page cache when its log copy goes.
/// Any write, resize or fsync error trips the shared <see cref="StorageFault"/>: the stream then refuses every
/// further write and every <see cref="Sync"/>, so a failed fsync is never followed by a "clean" one.
/// </summary>
internal sealed class DurableFileStream : Stream
{
    private readonly FileStream _file;
    private readonly Lock _syncLock = new();
    private long _syncs;
    private volatile bool _dirty;

    private readonly StorageFault _fault;

    public DurableFileStream(string path, StorageFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);

        // FileShare.None takes an exclusive lock (flock on Linux): a second hub on the same data dir fails to open.
        // Created 0600: readings are personal data (UnixCreateMode applies only when the file is new).
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.RandomAccess,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _file = new FileStream(path, options);
        Path = path;
        _fault = fault;
    }

    public string Path { get; }

    /// <summary>How many times the file was fsynced.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Runs before the file is shortened (LiteDB truncates its log after a checkpoint).</summary>
    public Action? BeforeSetLength { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    /// <summary>
    /// Forces the file's data and metadata to the device (fsync), unless nothing was written since the last one.
    /// The lock makes a caller that finds the file clean wait for an fsync already under way on another thread.
    /// </summary>
    public void Sync()
    {
        lock (_syncLock)
        {
            _fault.ThrowIfTripped();
            if (!_dirty)
            {
                return;
            }

            // Cleared before the fsync so that a write racing it marks the file dirty again; set back if it fails.
            _dirty = false;
            try
            {
                PosixFsync.Sync(_file.SafeFileHandle, Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _dirty = true;
                throw _fault.Trip($"fsync of {Path} failed: {ex.Message}", ex);
            }

            Interlocked.Increment(ref _syncs);
        }
    }

    /// <summary>Nothing to do: the stream has no buffer of its own; durability is <see cref="Sync"/>'s job.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void SetLength(long value)
    {
        _fault.ThrowIfTripped();
        if (value < _file.Length)
        {
            BeforeSetLength?.Invoke();
        }

        Guard("resizing", () => _file.SetLength(value));
        _dirty = true;
        Sync();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _fault.ThrowIfTripped();
        _dirty = true;
        Guard("writing", () => _file.Write(buffer, offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _fault.ThrowIfTripped();
        _dirty = true;
        try
        {
            _file.Write(buffer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            throw _fault.Trip($"writing {Path} failed: {ex.Message}", ex);
        }
    }

    private void Guard(string what, Action io)
    {
        try
        {
            io();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            throw _fault.Trip($"{what} {Path} failed: {ex.Message}", ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
