using System.Collections.Concurrent;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

public sealed class RecordingStatusSink : IMeterStatusSink
{
    private readonly ConcurrentQueue<(string MeterId, MeterLinkState State, string? Reason)> _changes = new();

    public IReadOnlyCollection<(string MeterId, MeterLinkState State, string? Reason)> Changes => _changes;

    public void MarkOnline(string meterId) => _changes.Enqueue((meterId, MeterLinkState.Online, null));

    public void MarkOffline(string meterId, string reason) => _changes.Enqueue((meterId, MeterLinkState.Offline, reason));

    public MeterLinkState Last(string meterId) =>
        _changes.LastOrDefault(c => c.MeterId == meterId) is { MeterId: not null } change ? change.State : MeterLinkState.Unknown;

    public Task WaitForAsync(string meterId, MeterLinkState state) =>
        Eventually.HoldsAsync(() => Last(meterId) == state, $"meter {meterId} {state}");
}
