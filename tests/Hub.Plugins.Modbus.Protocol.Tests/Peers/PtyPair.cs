using System.Diagnostics;

namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>
/// Two connected pseudo-terminals made by socat (<c>socat -d -d pty,raw,echo=0,link=a pty,raw,echo=0,link=b</c>):
/// a serial line without hardware. Removed with socat on dispose.
/// </summary>
internal sealed class PtyPair : IAsyncDisposable
{
    private readonly Process _socat;

    private PtyPair(Process socat, string directory)
    {
        _socat = socat;
        Directory = directory;
    }

    public string Directory { get; }

    public string A => Path.Combine(Directory, "a");

    public string B => Path.Combine(Directory, "b");

    public static async Task<PtyPair> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "modbus-pty-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-d", "-d",
            $"pty,raw,echo=0,link={Path.Combine(directory, "a")}",
            $"pty,raw,echo=0,link={Path.Combine(directory, "b")}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var socat = Process.Start(info) ?? throw new InvalidOperationException("socat did not start.");
        socat.BeginErrorReadLine();
        socat.BeginOutputReadLine();
        var pair = new PtyPair(socat, directory);
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(pair.A) && File.Exists(pair.B)))
        {
            if (socat.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                await pair.DisposeAsync();
                throw new InvalidOperationException("socat did not create the pseudo-terminal pair.");
            }

            await Task.Delay(20);
        }

        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_socat.HasExited)
        {
            _socat.Kill(entireProcessTree: true);
            await _socat.WaitForExitAsync();
        }

        _socat.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
