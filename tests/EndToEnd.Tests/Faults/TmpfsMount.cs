using System.Diagnostics;

namespace EndToEnd.Tests.Faults;

/// <summary>
/// A small tmpfs of its own (the tests run as root) under a test folder: a disk that really fills up (ENOSPC), with
/// a filler file to take and give back its space. Unmounted at dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    private string FillerPath => System.IO.Path.Combine(Path, "filler");

    public static TmpfsMount Create(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Bytes free on the mount.</summary>
    public long AvailableBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Grows the filler until at most <paramref name="leaveBytes"/> are free (0: until the disk is full).</summary>
    public void Fill(long leaveBytes)
    {
        var chunk = new byte[16 * 1024];
        using var filler = new FileStream(FillerPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 0);
        try
        {
            while (AvailableBytes > leaveBytes)
            {
                var room = AvailableBytes - leaveBytes;
                filler.Write(chunk, 0, (int)Math.Min(chunk.Length, Math.Max(room, 1)));
            }
        }
        catch (IOException) when (leaveBytes == 0)
        {
            // ENOSPC: full, as asked.
        }
    }

    /// <summary>Gives the filler's space back.</summary>
    public void Free() => File.Delete(FillerPath);

    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
        }
        catch (InvalidOperationException)
        {
            // Not mounted any more; the folder goes with the test's folder.
        }
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {error}");
        }
    }
}
