using System.Text.RegularExpressions;

namespace Image.Tests;

/// <summary>The image's layout, read without booting it (issue 14 "Layout").</summary>
[Collection(SdImageGroup.Name)]
public sealed class LayoutTests(SdImage image)
{
    [Fact]
    public void Partition_table_is_a_bootable_fat32_partition_then_the_linux_root()
    {
        Assert.Equal(2, image.Partitions.Count);
        var boot = image.Partitions[0];
        var root = image.Partitions[1];
        Assert.Contains("\"label\": \"dos\"", image.PartitionTableJson, StringComparison.Ordinal);
        Assert.Equal("c", boot.Type);
        Assert.True(boot.Bootable, image.PartitionTableJson);
        Assert.Equal(8192, boot.Start);
        Assert.True(boot.Size >= 256 * 2048, $"the boot partition has {boot.Size} sectors");
        Assert.Equal("83", root.Type);
        Assert.Equal(boot.Start + boot.Size, root.Start);
        var imageBytes = new FileInfo(image.ImagePath).Length;
        Assert.Equal((root.Start + root.Size) * 512, imageBytes);
        Assert.True(imageBytes <= 1536L * 1024 * 1024, $"the image is {imageBytes} bytes, more than 1.5 GiB");
    }

    [Fact]
    public async Task Boot_partition_has_firmware_kernel_initrd_and_64_bit_config()
    {
        var files = await image.BootFilesAsync();
        string[] firmware = ["bootcode.bin", "start4.elf", "fixup4.dat", "start.elf", "fixup.dat"];
        foreach (var name in firmware)
        {
            Assert.Contains("::/" + name, files);
        }

        // Device trees for Raspberry Pi 3, 4, 400 and Zero 2 W.
        foreach (var dtb in new[] { "bcm2837-rpi-3-b.dtb", "bcm2711-rpi-4-b.dtb", "bcm2711-rpi-400.dtb", "bcm2837-rpi-zero-2-w.dtb" })
        {
            Assert.Contains("::/" + dtb, files);
        }

        var kernel = Assert.Single(files, f => f.StartsWith("::/vmlinuz-", StringComparison.Ordinal));
        var initrd = Assert.Single(files, f => f.StartsWith("::/initrd.img-", StringComparison.Ordinal));
        Assert.Equal(kernel["::/vmlinuz-".Length..], initrd["::/initrd.img-".Length..]);
        Assert.Contains("kernel: " + kernel["::/vmlinuz-".Length..], image.Manifest, StringComparison.Ordinal);

        var config = await image.ReadBootFileAsync("config.txt");
        Assert.Matches(new Regex(@"^arm_64bit=1\s*$", RegexOptions.Multiline), config);
        Assert.Contains("kernel=" + kernel["::/".Length..], config, StringComparison.Ordinal);
        Assert.Contains("initramfs " + initrd["::/".Length..], config, StringComparison.Ordinal);

        var cmdline = await image.ReadBootFileAsync("cmdline.txt");
        Assert.Contains($"root=LABEL={SdImage.RootLabel}", cmdline, StringComparison.Ordinal);
        // The label cmdline.txt names is the root filesystem's.
        var stats = await image.DebugFsAsync("stats");
        Assert.Matches(new Regex($@"Filesystem volume name:\s+{SdImage.RootLabel}\s"), stats);
    }

    [Fact]
    public async Task Hub_unit_is_enabled_and_runs_the_current_release()
    {
        var wants = await image.DebugFsAsync("stat /etc/systemd/system/multi-user.target.wants/smartmeter.service");
        Assert.Contains("Type: symlink", wants, StringComparison.Ordinal);
        Assert.Contains("/etc/systemd/system/smartmeter.service", wants, StringComparison.Ordinal);
        var unit = await image.ReadRootFileAsync("/etc/systemd/system/smartmeter.service");
        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        var dropIn = await image.ReadRootFileAsync("/etc/systemd/system/smartmeter.service.d/image.conf");
        Assert.Contains("ExecStart=/opt/smartmeter/current/hub/Hub.Host --config /etc/smartmeter/hub.json", dropIn, StringComparison.Ordinal);
        var current = await image.DebugFsAsync("stat /opt/smartmeter/current");
        Assert.Contains("Type: symlink", current, StringComparison.Ordinal);
        Assert.Contains($"releases/{image.Version}", current, StringComparison.Ordinal);
        foreach (var unitName in new[] { "sysinit.target.wants/smartmeter-firstboot.service", "multi-user.target.wants/smartmeter-setup-code.path",
                     "multi-user.target.wants/avahi-daemon.service", "multi-user.target.wants/systemd-networkd.service" })
        {
            Assert.Contains("Type: symlink", await image.DebugFsAsync($"stat /etc/systemd/system/{unitName}"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("hub/Hub.Host")]
    [InlineData("meter-firmware/meter-firmware")]
    [InlineData("hub/libcoreclr.so")]
    public async Task Release_binaries_are_aarch64_elf(string file)
    {
        var path = $"/opt/smartmeter/releases/{image.Version}/{file}";
        var bytes = await File.ReadAllBytesAsync(await image.DumpAsync(path));
        Assert.True(bytes.Length > 64, $"{path} has {bytes.Length} bytes");
        Assert.Equal("\u007fELF"u8.ToArray(), bytes[..4]);
        Assert.Equal(2, bytes[4]); // ELFCLASS64
        Assert.Equal(1, bytes[5]); // little endian
        Assert.Equal(183, BitConverter.ToUInt16(bytes, 18)); // e_machine EM_AARCH64
        if (file.EndsWith("Hub.Host", StringComparison.Ordinal))
        {
            Assert.Contains("Mode:  0755", await image.DebugFsAsync($"stat {path}"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Accounts_are_locked_and_the_hub_has_its_own_system_user()
    {
        var passwd = await image.ReadRootFileAsync("/etc/passwd");
        var hubUser = Assert.Single(passwd.Split('\n'), l => l.StartsWith("smartmeter:", StringComparison.Ordinal)).Split(':');
        Assert.True(int.Parse(hubUser[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, $"smartmeter is not a system user: {string.Join(':', hubUser)}");
        Assert.Equal("/usr/sbin/nologin", hubUser[6]);

        var shadow = await image.ReadRootFileAsync("/etc/shadow");
        var entries = shadow.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')).ToList();
        Assert.Contains(entries, e => e[0] == "root");
        foreach (var entry in entries)
        {
            // Locked ('!…') or no password possible ('*'): no account can log in with a password.
            Assert.True(entry[1].StartsWith('!') || entry[1].StartsWith('*'), $"{entry[0]} has a usable password field '{entry[1]}'");
        }

        Assert.StartsWith("!", entries.Single(e => e[0] == "root")[1], StringComparison.Ordinal);
        Assert.Contains("Mode:  0640", await image.DebugFsAsync("stat /etc/shadow"), StringComparison.Ordinal);

        var gid = hubUser[3];
        var config = await image.DebugFsAsync("stat /etc/smartmeter/hub.json");
        Assert.Contains("Mode:  0640", config, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"User:\s+0\s+Group:\s+{gid}\s"), config);
        var data = await image.DebugFsAsync("stat /var/lib/smartmeter");
        Assert.Contains("Mode:  0750", data, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"User:\s+{hubUser[2]}\s+Group:\s+{gid}\s"), data);
    }

    [Fact]
    public async Task Journald_is_capped_for_sd_card_wear()
    {
        var conf = await image.ReadRootFileAsync("/etc/systemd/journald.conf.d/smartmeter.conf");
        Assert.Matches(new Regex(@"^SystemMaxUse=\d+M$", RegexOptions.Multiline), conf);
        Assert.Matches(new Regex(@"^RuntimeMaxUse=\d+M$", RegexOptions.Multiline), conf);
        Assert.Matches(new Regex(@"^SyncIntervalSec=\d+m$", RegexOptions.Multiline), conf);
    }

    [Fact]
    public async Task Image_holds_no_private_key_and_ssh_is_off_until_keys_are_given()
    {
        var sshDir = await image.DebugFsAsync("ls -l /etc/ssh");
        Assert.DoesNotContain("ssh_host_", sshDir, StringComparison.Ordinal);
        var wants = await image.DebugFsAsync("ls -l /etc/systemd/system/multi-user.target.wants");
        Assert.DoesNotContain("ssh.service", wants, StringComparison.Ordinal);
        Assert.DoesNotContain("/root/.ssh/authorized_keys", await image.DebugFsAsync("ls -l /root"), StringComparison.Ordinal);
        var sshd = await image.ReadRootFileAsync("/etc/ssh/sshd_config.d/smartmeter.conf");
        Assert.Matches(new Regex("^PasswordAuthentication no$", RegexOptions.Multiline), sshd);

        // Every file of /etc, /root, /var/lib and /usr/share/smartmeter: no PEM or OpenSSH private key anywhere (the
        // releases in /opt/smartmeter are built from this repository; .NET's crypto code holds PEM labels).
        var dumped = Path.Combine(image.WorkDirectory, "rdump");
        Directory.CreateDirectory(dumped);
        foreach (var dir in new[] { "/etc", "/root", "/var/lib", "/usr/share/smartmeter" })
        {
            await image.DebugFsAsync($"rdump {dir} {dumped}");
        }

        var offenders = Directory.EnumerateFiles(dumped, "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length < 64 * 1024 * 1024)
            .Where(f => File.ReadAllText(f).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(offenders);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", await image.ReadRootFileAsync("/usr/share/smartmeter/release-key.pub"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_inside_equals_the_one_beside_the_image_and_records_package_versions()
    {
        var inside = await image.ReadRootFileAsync("/usr/share/smartmeter/image-manifest.txt");
        Assert.Equal(image.Manifest, inside);
        foreach (var package in new[] { "raspi-firmware", "linux-image-arm64", "systemd", "avahi-daemon", "wpasupplicant", "openssh-server", "unattended-upgrades", "systemd-timesyncd" })
        {
            Assert.Matches(new Regex($@"^{Regex.Escape(package)} \S+ (arm64|all)$", RegexOptions.Multiline), inside);
        }

        var sha = (await File.ReadAllTextAsync(image.ImagePath + ".sha256")).Split(' ')[0];
        var actual = (await Tool.OutputAsync("sha256sum", image.ImagePath)).Split(' ')[0];
        Assert.Equal(actual, sha);
    }
}
