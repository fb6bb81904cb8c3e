namespace SmartMeter.Peers;

/// <summary>A fresh temporary folder, deleted with everything in it at dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    private TestDirectory(string path) => Path = path;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates <c>$TMPDIR/smartmeter-&lt;prefix&gt;-&lt;random&gt;</c>.</summary>
    public static TestDirectory Create(string prefix = "test")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"smartmeter-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new TestDirectory(path);
    }

    /// <summary>A path inside the folder; creates the folder <paramref name="parts"/> names when asked.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates (if needed) and returns a subfolder.</summary>
    public string CreateSubdirectory(string name) => Directory.CreateDirectory(Combine(name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child that still holds a file open must not turn a passing test into a failure; /tmp is cleaned anyway.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
