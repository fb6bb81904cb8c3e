namespace Hub.Bench;

/// <summary>
/// docs/benchmarks.md holds one section per suite between <c>&lt;!-- bench:NAME:start --&gt;</c> and
/// <c>&lt;!-- bench:NAME:end --&gt;</c>; a run replaces its own section and leaves the rest of the file alone.
/// </summary>
public static class BenchmarksDoc
{
    public static void WriteSection(string path, string suite, string markdown)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(suite);
        ArgumentNullException.ThrowIfNull(markdown);
        var start = $"<!-- bench:{suite}:start -->";
        var end = $"<!-- bench:{suite}:end -->";
        var section = $"{start}\n{markdown.TrimEnd()}\n{end}";
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\nWritten by `./smartmeter bench`; each section is replaced by the run of its suite.\n";
        var from = existing.IndexOf(start, StringComparison.Ordinal);
        var to = from < 0 ? -1 : existing.IndexOf(end, from, StringComparison.Ordinal);
        var updated = from >= 0 && to >= 0
            ? string.Concat(existing.AsSpan(0, from), section, existing.AsSpan(to + end.Length))
            : existing.TrimEnd() + "\n\n" + section + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, updated);
    }
}
