namespace MeterFirmware.State;

/// <summary>
/// An exclusive lock on the state directory (.NET takes flock(2) for <see cref="FileShare.None"/> on Unix), so that
/// two firmware processes cannot interleave sequence numbers in one directory.
/// </summary>
internal sealed class StateDirectoryLock : IDisposable
{
    public const string FileName = "lock";
    private readonly FileStream _stream;

    private StateDirectoryLock(FileStream stream) => _stream = stream;

    /// <exception cref="IOException">Another process holds the lock.</exception>
    public static StateDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var stream = new FileStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        return new StateDirectoryLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
