namespace SmartMeter.Peers;

/// <summary>The <c>dotnet</c> muxer to run framework-dependent programs (Hub.Host.dll, meter-firmware.dll) with.</summary>
public static class DotnetHost
{
    /// <summary>DOTNET_HOST_PATH (set by dotnet test/run), else this process if it is dotnet, else "dotnet" from PATH.</summary>
    public static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            {
                return hostPath;
            }

            var self = Environment.ProcessPath;
            return self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }
}
