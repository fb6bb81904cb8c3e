namespace Hub.Ledger.Storage;

/// <summary>Free space on the data dir's file system, and whether a write of some size would fit.</summary>
internal static class DiskSpace
{
    /// <summary>Room the store wants before it writes again after running out (a few group commits and a checkpoint's growth).</summary>
    public const long ResumeBytes = 512 * 1024;

    /// <summary>Bytes available to the hub's user (statvfs f_bavail); null when the file system does not say.</summary>
    public static long? AvailableBytes(string dir)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(dir)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="bytes"/> can really be allocated in <paramref name="dir"/>: a file of that size is
    /// preallocated (fallocate) and deleted. Free-space figures can lie (reserved blocks, quotas); an allocation cannot.
    /// </summary>
    public static bool HasRoom(string dir, long bytes)
    {
        var probe = Path.Combine(dir, ".space-probe");
        try
        {
            Directory.CreateDirectory(dir);
            using (new FileStream(probe, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                PreallocationSize = bytes,
                Options = FileOptions.DeleteOnClose,
            }))
            {
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (IOException)
            {
            }
        }
    }
}
