using System.Globalization;
using System.Runtime.InteropServices;

namespace Hub.Bench;

/// <summary>The machine the figures were taken on (they mean nothing without it).</summary>
public sealed record MachineInfo(string Cpu, int Cores, long MemoryBytes, string Kernel, string DotNet)
{
    public static MachineInfo Collect() => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemTotalBytes(),
        ReadOrUnknown("/proc/sys/kernel/osrelease"),
        RuntimeInformation.FrameworkDescription);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Cpu}, {Cores} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB RAM, Linux {Kernel}, {DotNet}");

    private static string CpuModel()
    {
        foreach (var line in ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long MemTotalBytes()
    {
        foreach (var line in ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var kb = line["MemTotal:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static string ReadOrUnknown(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
