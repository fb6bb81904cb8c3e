using System.Globalization;

namespace Hub.Bench;

/// <summary>CPU time a process has used so far, from <c>/proc/PID/stat</c> utime + stime (proc(5)).</summary>
public static class ProcessCpu
{
    // USER_HZ: the unit of utime/stime; 100 on every Linux ABI the hub runs on (x86-64, arm64, armhf).
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time of <paramref name="pid"/>; null when the process is gone.</summary>
    public static TimeSpan? Used(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
