using System.Globalization;
using SmartMeter.Peers;

namespace Image.Tests;

/// <summary>
/// The image booted under qemu-system-aarch64 (-M virt -cpu cortex-a72, TCG): the image's own kernel and initrd
/// from its boot partition, the image as a virtio disk, user-mode networking with the hub's HTTP port, the MQTT
/// broker and SSH forwarded to free loopback ports. The serial console is the process's output.
/// </summary>
public sealed class QemuMachine : IAsyncDisposable
{
    /// <summary>Where the hub serves in the guest. After the accounts merge: "https" and 8443.</summary>
    public const string HubScheme = "http";

    public const int HubGuestPort = 8080;

    private QemuMachine(ChildProcess process, int hubPort, int mqttPort, int sshPort, string sshKey)
    {
        Process = process;
        HubPort = hubPort;
        MqttPort = mqttPort;
        SshPort = sshPort;
        SshKey = sshKey;
        Hub = new HubHttp(new Uri(string.Create(CultureInfo.InvariantCulture, $"{HubScheme}://127.0.0.1:{hubPort}")));
    }

    public ChildProcess Process { get; }

    public int HubPort { get; }

    public int MqttPort { get; }

    public int SshPort { get; }

    public string SshKey { get; }

    public HubHttp Hub { get; }

    public string Console => Process.Log;

    public static QemuMachine Start(string image, string kernel, string initrd, string kernelCommandLine, string sshKey)
    {
        int hubPort = FreePort.Next(), mqttPort = FreePort.Next(), sshPort = FreePort.Next();
        var forwards = string.Create(
            CultureInfo.InvariantCulture,
            $"user,id=net0,hostfwd=tcp:127.0.0.1:{hubPort}-:{HubGuestPort},hostfwd=tcp:127.0.0.1:{mqttPort}-:1883,hostfwd=tcp:127.0.0.1:{sshPort}-:22");
        string[] arguments =
        [
            "-M", "virt", "-cpu", "cortex-a72", "-accel", "tcg,thread=multi", "-smp", "2", "-m", "1536",
            "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", kernel, "-initrd", initrd, "-append", kernelCommandLine,
            "-drive", $"file={image},format=raw,if=none,id=disk0,cache=writeback", "-device", "virtio-blk-pci,drive=disk0",
            "-netdev", forwards, "-device", "virtio-net-pci,netdev=net0",
            "-object", "rng-random,filename=/dev/urandom,id=rng0", "-device", "virtio-rng-pci,rng=rng0",
        ];
        var process = ChildProcess.Start("qemu", "qemu-system-aarch64", arguments, redirectStandardInput: true);
        return new QemuMachine(process, hubPort, mqttPort, sshPort, sshKey);
    }

    /// <summary>A command as root over SSH with the installer's key (BatchMode: a password is never tried).</summary>
    public Task<ToolResult> SshAsync(string command, TimeSpan? timeout = null) =>
        Tool.RunAsync(
            "ssh",
            [
                "-i", SshKey, "-p", SshPort.ToString(CultureInfo.InvariantCulture),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes",
                "root@127.0.0.1", command,
            ],
            timeout ?? TimeSpan.FromMinutes(5));

    /// <summary>The command's stdout (trimmed); throws with everything unless it exits 0.</summary>
    public async Task<string> SshOutputAsync(string command, TimeSpan? timeout = null)
    {
        var result = await SshAsync(command, timeout);
        return result.ExitCode == 0 ? result.Stdout.Trim() : throw new InvalidOperationException(result.Describe() + "\nconsole:\n" + Console);
    }

    public async ValueTask DisposeAsync()
    {
        Hub.Dispose();
        if (!Process.HasExited)
        {
            Process.KillHard();
        }

        await Process.DisposeAsync();
    }
}
