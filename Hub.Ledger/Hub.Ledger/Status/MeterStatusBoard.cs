using System.Collections.Concurrent;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Logging;

namespace Hub.Ledger;

/// <summary>
/// Where plugins report meters' link state and bad input. Problems are counted for <c>/health</c>, logged, and
/// raised as alerts, at most one per plugin, kind and meter every <see cref="AlertInterval"/> so that a flood of
/// garbage cannot flood the homeowner or the disk.
/// </summary>
internal sealed partial class MeterStatusBoard(TimeProvider time, ILogger<MeterStatusBoard> logger) : IMeterStatusBoard, IMeterStatusSink, IIngestProblemSink
{
    public static readonly TimeSpan AlertInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, MeterStatusSnapshot> _status = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Plugin, string Kind), long> _counts = new();
    private readonly ConcurrentDictionary<(string Plugin, string Kind, string? Meter), long> _lastAlertTicks = new();

    /// <summary>Set by the ingest writer: raises an alert from a problem. Null until the writer runs.</summary>
    public Action<IngestProblem, string>? RaiseAlert { get; set; }

    public MeterStatusSnapshot StatusOf(string meterId) =>
        _status.TryGetValue(meterId, out var s) ? s : new MeterStatusSnapshot(MeterLinkState.Unknown, null, null);

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ProblemCounts() =>
        _counts.GroupBy(kv => kv.Key.Plugin, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, long>)g.ToDictionary(kv => kv.Key.Kind, kv => kv.Value, StringComparer.Ordinal),
                StringComparer.Ordinal);

    public void MarkOnline(string meterId)
    {
        if (_status.TryGetValue(meterId, out var current) && current.State == MeterLinkState.Online)
        {
            return;
        }

        _status[meterId] = new MeterStatusSnapshot(MeterLinkState.Online, time.GetUtcNow(), null);
    }

    public void MarkOffline(string meterId, string reason)
    {
        if (_status.TryGetValue(meterId, out var current) && current.State == MeterLinkState.Offline && current.Reason == reason)
        {
            return;
        }

        _status[meterId] = new MeterStatusSnapshot(MeterLinkState.Offline, time.GetUtcNow(), reason);
        LogOffline(meterId, reason);
    }

    public void Report(IngestProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var kind = KindName(problem.Kind);
        _counts.AddOrUpdate((problem.Plugin, kind), 1, (_, n) => n + 1);
        LogProblem(problem.Plugin, kind, problem.MeterId ?? "-", problem.Source ?? "-", problem.Detail);
        var now = time.GetUtcNow().UtcTicks;
        var key = (problem.Plugin, kind, problem.MeterId);
        var last = _lastAlertTicks.GetOrAdd(key, long.MinValue);
        if (last != long.MinValue && now - last < AlertInterval.Ticks)
        {
            return;
        }

        if (_lastAlertTicks.TryUpdate(key, now, last))
        {
            RaiseAlert?.Invoke(problem, kind);
        }
    }

    /// <summary><c>MalformedPayload</c> becomes <c>malformed-payload</c>.</summary>
    public static string KindName(IngestProblemKind kind)
    {
        var name = kind.ToString();
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Plugin}: {Kind} (meter {MeterId}, from {Source}): {Detail}")]
    private partial void LogProblem(string plugin, string kind, string meterId, string source, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meter {MeterId} is offline: {Reason}")]
    private partial void LogOffline(string meterId, string reason);
}
