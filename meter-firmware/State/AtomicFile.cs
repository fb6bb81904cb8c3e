namespace MeterFirmware.State;

/// <summary>
/// Replaces a file so that after a crash or power cut it holds either the old or the new content, never a mix:
/// write a temporary file, fsync it, rename it over the target, fsync the directory.
/// </summary>
internal static class AtomicFile
{
    public const string TempSuffix = ".tmp";

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var temp = full + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
        PosixDirectory.Sync(Path.GetDirectoryName(full)!);
    }
}
