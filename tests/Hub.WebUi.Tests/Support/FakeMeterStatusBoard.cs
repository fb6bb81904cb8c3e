using System.Collections.Concurrent;
using Hub.Ledger;
using Hub.Plugins.Abstractions;

namespace Hub.WebUi.Tests.Support;

public sealed class FakeMeterStatusBoard : IMeterStatusBoard
{
    private readonly ConcurrentDictionary<string, MeterStatusSnapshot> _status = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyDictionary<string, long>> Problems { get; } = new(StringComparer.Ordinal);

    public void Set(string meterId, MeterLinkState state, DateTimeOffset? since, string? reason) =>
        _status[meterId] = new MeterStatusSnapshot(state, since, reason);

    public MeterStatusSnapshot StatusOf(string meterId) =>
        _status.GetValueOrDefault(meterId) ?? new MeterStatusSnapshot(MeterLinkState.Unknown, null, null);

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ProblemCounts() => Problems;
}
