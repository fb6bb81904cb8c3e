using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hub.Ledger.Storage;

/// <summary>
/// fsync(2) called directly. .NET 10's <c>FileStream.Flush(true)</c> does not report a failed fsync on Linux: its
/// native shim assigns <c>fsync(fd) &lt; 0</c> (1 on failure) where it meant the result, and the managed side only
/// throws on a negative value, so EIO from fsync is silently lost (found with an LD_PRELOAD shim failing fsync;
/// tests/EndToEnd.Tests/Faults/FsyncFailureTests.cs). The store must see that error: its durability rests on it.
/// The symbol is looked up in the process's global scope (as the C library's own callers would bind it), so an
/// LD_PRELOAD fault injector sees the call like any other.
/// </summary>
internal static unsafe class PosixFsync
{
    private const int EIntr = 4;
    private static readonly delegate* unmanaged<int, int> Fsync =
        (delegate* unmanaged<int, int>)NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "fsync");

    /// <summary>Forces the file to the device; throws <see cref="IOException"/> with errno's text when fsync fails.</summary>
    public static void Sync(SafeFileHandle file, string path)
    {
        ArgumentNullException.ThrowIfNull(file);
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            var fd = (int)file.DangerousGetHandle();
            int result;
            int errno;
            do
            {
                result = Fsync(fd);
                errno = Marshal.GetLastSystemError();
            }
            while (result < 0 && errno == EIntr);

            if (result < 0)
            {
                throw new IOException($"fsync failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}) : '{path}'", errno);
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }
}
