using System.Collections.Frozen;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Configuration;

namespace Hub.Plugins.Mqtt.Ingest;

/// <summary>
/// Tells <see cref="IMeterStatusSink"/> when an mqtt meter comes online (a reading was stored) or goes offline (its last
/// connection closed, or the external broker was lost), and only on a change, so that a reading costs no status call.
/// </summary>
internal sealed class MeterPresence
{
    private const int Unknown = 0;
    private const int Online = 1;
    private const int Offline = 2;

    private readonly IMeterStatusSink _sink;
    private readonly FrozenDictionary<string, State> _meters;

    public MeterPresence(IMeterStatusSink sink, MqttTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _sink = sink;
        _meters = topology.Meters.ToFrozenDictionary(m => m.Id, _ => new State(), StringComparer.Ordinal);
    }

    public void ReadingArrived(string meterId)
    {
        if (_meters.TryGetValue(meterId, out var state) && Interlocked.Exchange(ref state.Link, Online) != Online)
        {
            _sink.MarkOnline(meterId);
        }
    }

    public void MarkOffline(string meterId, string reason)
    {
        if (_meters.TryGetValue(meterId, out var state) && Interlocked.Exchange(ref state.Link, Offline) != Offline)
        {
            _sink.MarkOffline(meterId, reason);
        }
    }

    /// <summary>A meter's user authenticated on the embedded broker (a meter may hold more than one connection).</summary>
    public void Connected(string meterId)
    {
        if (_meters.TryGetValue(meterId, out var state))
        {
            Interlocked.Increment(ref state.Connections);
        }
    }

    /// <summary>One of the meter's connections closed; the meter is offline once none is left.</summary>
    public void Disconnected(string meterId, string reason)
    {
        if (_meters.TryGetValue(meterId, out var state) && Interlocked.Decrement(ref state.Connections) == 0)
        {
            MarkOffline(meterId, reason);
        }
    }

    private sealed class State
    {
        public int Link = Unknown;
        public int Connections;
    }
}
