namespace SmartMeter.Peers;

/// <summary>Finds programs on PATH, to fail with a clear message when a peer is not installed.</summary>
public static class Executables
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The full path of <paramref name="name"/>, or an exception naming the Debian package to install.</summary>
    public static string Require(string name, string debianPackage) =>
        Find(name) ?? throw new InvalidOperationException(
            $"'{name}' is not installed: run scripts/install-deps.sh (or apt-get install {debianPackage}).");
}
