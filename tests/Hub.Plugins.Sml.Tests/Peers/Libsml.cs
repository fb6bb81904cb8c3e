using System.Diagnostics;
using System.Globalization;

namespace Hub.Plugins.Sml.Tests.Peers;

/// <summary>Debian's libsml (libsml-dev) decoding a frame through Peers/sml_dump.c, built here with cc once per run.</summary>
internal static class Libsml
{
    private static readonly Lazy<Task<string>> Binary = new(BuildAsync);

    internal sealed record Entry(string Obis, int? Unit, int? Scaler, double? Value);

    internal sealed record Result(bool CrcOk, string? ServerId, IReadOnlyList<Entry> Entries);

    public static async Task<Result> DecodeAsync(byte[] frame)
    {
        var output = await RunAsync(await Binary.Value, [], frame);
        string? server = null;
        var crcOk = false;
        var entries = new List<Entry>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "crc":
                    crcOk = parts[1] == "ok";
                    break;
                case "server":
                    server = parts.Length > 1 ? parts[1] : string.Empty;
                    break;
                case "entry":
                    var fields = parts.Skip(2).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
                    entries.Add(new Entry(
                        parts[1],
                        fields["unit"] == "-" ? null : int.Parse(fields["unit"], CultureInfo.InvariantCulture),
                        fields["scaler"] == "-" ? null : int.Parse(fields["scaler"], CultureInfo.InvariantCulture),
                        fields["value"] == "octets" ? null : double.Parse(fields["value"], CultureInfo.InvariantCulture)));
                    break;
            }
        }

        return new Result(crcOk, server, entries);
    }

    private static async Task<string> BuildAsync()
    {
        Assert.True(File.Exists("/usr/include/sml/sml_file.h"), "libsml-dev is not installed; run scripts/install-deps.sh");
        var output = Path.Combine(Path.GetTempPath(), $"smartmeter-sml-dump-{Environment.ProcessId}");
        await RunAsync("cc", [Path.Combine(AppContext.BaseDirectory, "Peers", "sml_dump.c"), "-o", output, "-lsml"], []);
        return output;
    }

    private static async Task<string> RunAsync(string file, string[] arguments, byte[] input)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
