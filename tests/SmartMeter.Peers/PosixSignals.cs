using System.Runtime.InteropServices;

namespace SmartMeter.Peers;

/// <summary>kill(2): .NET can send SIGKILL (Process.Kill) but not SIGTERM, which is how systemd stops the hub.</summary>
public static partial class PosixSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is already gone.</summary>
    public static bool Send(int pid, int signal)
    {
        if (pid <= 0)
        {
            // kill(0 or -1, …) would signal our own process group or every process we may signal.
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "a single process id is required.");
        }

        return Kill(pid, signal) == 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
