using System.Globalization;
using System.Text.Json;
using MeterFirmware.State;
using MeterFirmware.Uplink;

namespace MeterFirmware.Tests.TestSupport;

/// <summary>Runs the firmware in-process through its real entry point, and reads what it left on disk.</summary>
public static class Firmware
{
    public static string[] Args(string meterId, string profile, int port, string stateDir, params string[] more) =>
        ["--meter-id", meterId, "--profile", profile, "--mqtt", $"mqtt://{meterId}:pw@127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
         "--state-dir", stateDir, "--interval", "100ms", "--speed", "600", "--seed", "7", .. more];

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        FirmwareHost.RunAsync(args, TextWriter.Null, TextWriter.Null, TimeProvider.System, cancellationToken);

    public static string[] OutboxFiles(string stateDir)
    {
        var outbox = Path.Combine(stateDir, Outbox.DirectoryName);
        return Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.json") : [];
    }

    /// <summary>
    /// The persisted seq, or 0 when there is none yet. Reads the file only: <see cref="StateStore.Load"/> would clear
    /// the running firmware's temp file, which only the lock holder may do.
    /// </summary>
    public static ulong StoredSeq(string stateDir)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(stateDir, StateStore.FileName)));
            return document.RootElement.GetProperty("seq").GetUInt64();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0;
        }
    }
}
