using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using SmartMeter.Peers;
using Xunit.Abstractions;

namespace Image.Tests;

/// <summary>
/// The image booted under qemu (slow tier, issue 14 "Boot"): the installer's files on the boot partition are applied,
/// the hub reaches READY and answers /health, a reading published with mosquitto_pub is acknowledged and stored, the
/// setup code reaches the boot partition, a bad hub.json leaves the hub stopped with the rescue page naming the error.
/// </summary>
[Collection(SdImageGroup.Name)]
public sealed class BootTests(SdImage image, ITestOutputHelper output)
{
    private const string GoodHubJson = """
        {
          "Hub": { "DataDir": "/var/lib/smartmeter", "Urls": "http://0.0.0.0:8080" },
          "Mqtt": { "EmbeddedBroker": { "Port": 1883, "BindAddress": "0.0.0.0" } },
          "Meters": [ { "Id": "house", "Plugin": "mqtt", "Password": "house-secret-for-the-boot-test" } ]
        }
        """;

    // A meter without a password: the hub's validation refuses it (exit 78, docs/config.md).
    private const string BadHubJson = """
        { "Hub": { "DataDir": "/var/lib/smartmeter" }, "Meters": [ { "Id": "nopass", "Plugin": "mqtt" } ] }
        """;

    [Fact]
    public async Task Image_boots_applies_the_boot_partition_and_the_hub_stores_a_reading()
    {
        using var dir = TestDirectory.Create("boot");
        var clock = Stopwatch.StartNew();

        // A card of 3 GiB: the first boot grows the root partition to it.
        var card = dir.Combine("card.img");
        await Tool.OutputAsync("cp", "--sparse=always", image.ImagePath, card);
        await Tool.OutputAsync("truncate", "-s", "3G", card);
        var fat = image.BootPartitionAddress(card);

        // The installer's files (docs/install.md "Prepare the boot partition").
        await Tool.OutputAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", dir.Combine("installer"));
        await File.WriteAllTextAsync(dir.Combine("hub.json"), GoodHubJson);
        await File.WriteAllTextAsync(dir.Combine("wifi.txt"), "SSID=boot-test-net\nPSK=correct horse battery\nCOUNTRY=de\n");
        await Tool.OutputAsync("mmd", "-i", fat, "::/smartmeter");
        await Tool.OutputAsync("mcopy", "-i", fat, dir.Combine("hub.json"), "::/smartmeter/hub.json");
        await Tool.OutputAsync("mcopy", "-i", fat, dir.Combine("wifi.txt"), "::/smartmeter/wifi.txt");
        await Tool.OutputAsync("mcopy", "-i", fat, dir.Combine("installer.pub"), "::/smartmeter/authorized_keys");

        // The image's own kernel and initrd; the root the card's cmdline.txt names, the console on qemu's UART.
        var files = await image.BootFilesAsync(card);
        var kernel = files.Single(f => f.StartsWith("::/vmlinuz-", StringComparison.Ordinal));
        var initrd = files.Single(f => f.StartsWith("::/initrd.img-", StringComparison.Ordinal));
        await Tool.OutputAsync("mcopy", "-i", fat, kernel, dir.Combine("vmlinuz"));
        await Tool.OutputAsync("mcopy", "-i", fat, initrd, dir.Combine("initrd.img"));
        var cmdline = (await image.ReadBootFileAsync("cmdline.txt", card)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(option => !option.StartsWith("console=", StringComparison.Ordinal) && !option.StartsWith("cma=", StringComparison.Ordinal))
            .Append("console=ttyAMA0,115200");
        var prepared = clock.Elapsed;

        await using var vm = QemuMachine.Start(card, dir.Combine("vmlinuz"), dir.Combine("initrd.img"), string.Join(' ', cmdline), dir.Combine("installer"));
        var bootClock = Stopwatch.StartNew();
        await Eventually.HoldsAsync(
            async () => vm.Process.HasExited ? throw new PeerExitedException($"qemu exited with {vm.Process.ExitCode}") : await vm.Hub.IsHealthyAsync(),
            TimeSpan.FromMinutes(25),
            "the hub in the booted image answers /health with 200",
            () => "console:\n" + vm.Console,
            TimeSpan.FromSeconds(2));
        var bootTime = bootClock.Elapsed;
        Report($"image boot under qemu TCG (power-on to /health 200): {bootTime.TotalSeconds:0} s; card prepared in {prepared.TotalSeconds:0} s");

        // READY: Type=notify, so "active" only after the hub's READY=1. SSH works with the installer's key.
        await Eventually.HoldsAsync(async () => (await vm.SshAsync("true", TimeSpan.FromMinutes(1))).ExitCode == 0,
            TimeSpan.FromMinutes(5), "SSH with the installer's key", () => vm.Console, TimeSpan.FromSeconds(3));
        Assert.Equal("active", await vm.SshOutputAsync("systemctl is-active smartmeter.service"));
        Assert.Equal("smartmeter", await vm.SshOutputAsync("hostname"));
        Assert.Equal("active", await vm.SshOutputAsync("systemctl is-active avahi-daemon.service"));
        Assert.Equal("640 root:smartmeter", await vm.SshOutputAsync("stat -c '%a %U:%G' /etc/smartmeter/hub.json"));
        Assert.Equal(GoodHubJson.Trim(), (await vm.SshOutputAsync("cat /etc/smartmeter/hub.json")).Trim());
        Assert.Contains("passwordauthentication no", await vm.SshOutputAsync("sshd -T"), StringComparison.Ordinal);
        var wifi = await vm.SshOutputAsync("stat -c '%a' /etc/wpa_supplicant/wpa_supplicant-wlan0.conf && cat /etc/wpa_supplicant/wpa_supplicant-wlan0.conf");
        Assert.StartsWith("600", wifi, StringComparison.Ordinal);
        Assert.Contains("ssid=\"boot-test-net\"", wifi, StringComparison.Ordinal);
        Assert.Contains("country=DE", wifi, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse battery", wifi, StringComparison.Ordinal);
        Assert.Equal("1", await vm.SshOutputAsync("test -e /boot/firmware/smartmeter/wifi.txt || test -e /boot/firmware/smartmeter/hub.json || echo 1"));
        var rootBytes = long.Parse(await vm.SshOutputAsync("df -B1 --output=size / | tail -n 1"), CultureInfo.InvariantCulture);
        Assert.True(rootBytes > image.Partitions[1].Size * 512 + 512L * 1024 * 1024, $"the root filesystem was not grown: {rootBytes} bytes");

        // A reading acknowledged by the hub's broker (PUBACK through the forwarded port) is stored.
        var reading = $$"""{ "meterId": "house", "timestamp": "{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}", "energyImportWh": 1523400.5, "powerW": 987, "seq": 4711 }""";
        var published = await MosquittoClients.PublishAsync(vm.MqttPort, "smartmeter/house/reading", reading, "house", "house-secret-for-the-boot-test", TimeSpan.FromMinutes(2));
        Assert.True(published.Succeeded, published.Output);
        IReadOnlyList<JsonElement> stored = [];
        await Eventually.HoldsAsync(
            async () => (stored = await vm.Hub.ReadingsAsync("house")).Count > 0,
            TimeSpan.FromMinutes(2),
            "the published reading in /api/readings",
            () => vm.Console);
        var item = Assert.Single(stored);
        Assert.Equal(1523400.5, item.GetProperty("energyImportWh").GetDouble());

        // The setup code: the hub writes /var/lib/smartmeter/setup-code at its first start (accounts); until that is
        // merged, the test writes it as the hub would, and the image's path unit must copy it to the boot partition.
        var code = await vm.SshOutputAsync(
            "f=/var/lib/smartmeter/setup-code; if [ ! -s $f ]; then (umask 077; echo boot-test-code-$RANDOM$RANDOM >$f.new); chown smartmeter:smartmeter $f.new; mv $f.new $f; fi; cat $f");
        await Eventually.HoldsAsync(
            async () => (await vm.SshAsync($"grep -q -- '{code}' /boot/firmware/smartmeter-setup.txt")).ExitCode == 0,
            TimeSpan.FromMinutes(2), "smartmeter-setup.txt with the code on the boot partition", () => vm.Console, TimeSpan.FromSeconds(2));
        await vm.Process.WaitForLineAsync(l => l.Contains($"setup code {code}", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        // A bad hub.json on the card: the hub stays stopped, the rescue page and the console say why.
        await File.WriteAllTextAsync(dir.Combine("bad.json"), BadHubJson);
        await Tool.RunAsync("scp", ["-i", vm.SshKey, "-P", vm.SshPort.ToString(CultureInfo.InvariantCulture), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", dir.Combine("bad.json"), "root@127.0.0.1:/boot/firmware/smartmeter/hub.json"]);
        await vm.SshAsync("systemctl restart smartmeter-firstboot.service; systemctl restart smartmeter.service", TimeSpan.FromMinutes(10));
        (HttpStatusCode Status, JsonElement Body, string Text) rescue = default;
        await Eventually.HoldsAsync(
            async () => (rescue = await vm.Hub.GetAsync("/health")).Status == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromMinutes(5), "the rescue page's /health (503)", () => vm.Console, TimeSpan.FromSeconds(2));
        Assert.Equal("rescue", rescue.Body.GetProperty("status").GetString());
        Assert.Contains("config error", rescue.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("nopass", rescue.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", (await vm.SshAsync("systemctl is-active smartmeter.service")).Stdout.Trim());
        await vm.Process.WaitForLineAsync(l => l.Contains("smartmeter: the hub is not running", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        // Power off; the card as a PC sees it: the code file there, Wi-Fi password and keys gone, root grown.
        await vm.SshAsync("systemctl poweroff", TimeSpan.FromMinutes(1));
        await vm.Process.WaitForExitAsync(TimeSpan.FromMinutes(5));
        var after = await image.BootFilesAsync(card);
        Assert.Contains("::/smartmeter-setup.txt", after);
        Assert.Contains(code, await image.ReadBootFileAsync("smartmeter-setup.txt", card), StringComparison.Ordinal);
        Assert.DoesNotContain("::/smartmeter/wifi.txt", after);
        Assert.DoesNotContain("::/smartmeter/authorized_keys", after);
        Assert.Contains("::/smartmeter/hub.json.applied", after);
        using var table = JsonDocument.Parse(await Tool.OutputAsync("sfdisk", "--json", card));
        var root = table.RootElement.GetProperty("partitiontable").GetProperty("partitions")[1];
        Assert.Equal(new FileInfo(card).Length / 512, root.GetProperty("start").GetInt64() + root.GetProperty("size").GetInt64());
        Report($"boot test total: {clock.Elapsed.TotalSeconds:0} s");
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        var results = Path.Combine(SdImage.StateDirectory, "test-results");
        Directory.CreateDirectory(results);
        File.AppendAllText(Path.Combine(results, "image-boot-times.txt"), $"{DateTimeOffset.UtcNow:u} {line}\n");
    }
}
