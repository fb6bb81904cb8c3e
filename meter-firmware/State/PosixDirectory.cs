using System.Runtime.InteropServices;

namespace MeterFirmware.State;

/// <summary>
/// fsync(2) of a directory, which makes a rename inside it durable (POSIX leaves the new directory entry in the page
/// cache otherwise). .NET cannot open a directory as a file handle, hence the libc calls.
/// </summary>
internal static partial class PosixDirectory
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22; // EINVAL: the file system does not support syncing directories.

    public static void Sync(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);

        // Windows has no directory fsync; NTFS journals the rename's metadata itself.
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != InvalidArgument)
                {
                    throw new IOException($"fsync of directory '{directory}' failed (errno {errno}).");
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
