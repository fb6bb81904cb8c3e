using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// meter-firmware --key-file signs its readings; the hub, given the meter's public key (Meters:N:PublicKey, as
/// printed by --print-public-key), stores them valid, and marks a reading signed by another key invalid with a
/// "signature" verdict and an alert.
/// </summary>
public sealed class FirmwareSigningTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SignedByTheRegisteredKey_IsValid_SignedByAnotherKey_IsInvalidWithSignatureVerdictAndAlert()
    {
        using var keys = TestDirectory.Create("e2e-keys");
        var meterKey = keys.Combine("meter.key");
        var otherKey = keys.Combine("other.key");
        var publicKey = await PrintPublicKeyAsync(meterKey);
        Assert.Matches("^0x[0-9a-f]{128}$", publicKey); // x ‖ y, 64 bytes: one of the forms Meters:N:PublicKey takes
        Assert.True(OperatingSystem.IsLinux(), "the hub and the firmware run on Linux");
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(meterKey));
        }

        Assert.Equal(publicKey, await PrintPublicKeyAsync(meterKey)); // the same key on the second run, not a new one
        Assert.NotEqual(publicKey, await PrintPublicKeyAsync(otherKey));

        // Both meters register the meter key; "forged" runs the firmware with the other key.
        await using var scope = await HubScope.StartAsync([], c => c with
        {
            OtherMeters =
            [
                new JsonObject { ["Id"] = "signed", ["Plugin"] = "mqtt", ["Password"] = "signed-secret", ["PublicKey"] = publicKey },
                new JsonObject { ["Id"] = "forged", ["Plugin"] = "mqtt", ["Password"] = "forged-secret", ["PublicKey"] = publicKey },
            ],
        });
        await using var signed = StartFirmware(scope, "signed", meterKey);
        await using var forged = StartFirmware(scope, "forged", otherKey);

        IReadOnlyList<JsonElement> good = [];
        IReadOnlyList<JsonElement> bad = [];
        await scope.Hub.EventuallyAsync(
            async () => (good = await scope.Hub.AllReadingsAsync("signed")).Count >= 3 && (bad = await scope.Hub.AllReadingsAsync("forged")).Count >= 3,
            Soon,
            $"three readings of each meter stored\nsigned log:\n{signed.Log}\nforged log:\n{forged.Log}");

        Assert.Contains("signing readings as 0x", signed.Log, StringComparison.Ordinal);
        foreach (var reading in good)
        {
            Assert.StartsWith("0x", reading.GetProperty("signature").GetString(), StringComparison.Ordinal);
            Assert.True(reading.GetProperty("valid").GetBoolean(), reading.ToString());
            var verdict = Signature(reading);
            Assert.True(verdict.GetProperty("ok").GetBoolean());
            Assert.Contains("signed by the meter's key", verdict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        foreach (var reading in bad)
        {
            Assert.False(reading.GetProperty("valid").GetBoolean(), reading.ToString());
            var verdict = Signature(reading);
            Assert.False(verdict.GetProperty("ok").GetBoolean());
            Assert.Contains("not by the meter's registered key", verdict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var alerts = await scope.Hub.AlertsAsync();
        Assert.Contains(alerts, a => a.GetProperty("kind").GetString() == "invalid-reading"
            && a.GetProperty("meterId").GetString() == "forged"
            && a.GetProperty("message").GetString()!.Contains("signature:", StringComparison.Ordinal));
        Assert.DoesNotContain(alerts, a => a.GetProperty("meterId").GetString() == "signed");
    }

    private static JsonElement Signature(JsonElement reading) =>
        Assert.Single(reading.GetProperty("verdicts").EnumerateArray(), v => v.GetProperty("rule").GetString() == "signature");

    private static async Task<string> PrintPublicKeyAsync(string keyFile)
    {
        await using var print = ChildProcess.Start("print-public-key", DotnetHost.Path, [RepoPaths.MeterFirmwareDll, "--print-public-key", "--key-file", keyFile]);
        var code = await print.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"--print-public-key exited {code}:\n{print.Log}");
        return print.Log.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("0x", StringComparison.Ordinal));
    }

    private static ChildProcess StartFirmware(HubScope scope, string id, string keyFile) =>
        ChildProcess.Start(
            $"meter-firmware {id}",
            DotnetHost.Path,
            [
                RepoPaths.MeterFirmwareDll,
                "--meter-id", id,
                "--profile", "household",
                "--mqtt", string.Create(CultureInfo.InvariantCulture, $"mqtt://{id}:{id}-secret@127.0.0.1:{scope.BrokerPort}"),
                "--state-dir", scope.Directory.CreateSubdirectory($"meter-{id}"),
                "--interval", "300ms",
                "--key-file", keyFile,
            ]);
}
