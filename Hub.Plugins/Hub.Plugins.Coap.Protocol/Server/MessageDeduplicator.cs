using System.Net;

namespace Hub.Plugins.Coap.Protocol.Server;

/// <summary>
/// RFC 7252 §4.5: a message id from one endpoint is processed once over EXCHANGE_LIFETIME; a duplicate CON gets the
/// same response again. While the first copy is still being processed, duplicates are dropped (the peer retransmits).
/// </summary>
public sealed class MessageDeduplicator(TimeProvider time, TimeSpan lifetime)
{
    private readonly Dictionary<(EndPoint, ushort), Entry> _entries = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public enum State
    {
        New,
        InProgress,
        Completed,
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Claims the exchange; when it was seen before, says so and returns the stored response, if any.</summary>
    public State Begin(EndPoint remote, ushort messageId, out byte[]? response)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Sweep(now);
            if (_entries.TryGetValue((remote, messageId), out var entry) && now - entry.At < lifetime)
            {
                response = entry.Response;
                return entry.Response is null ? State.InProgress : State.Completed;
            }

            _entries[(remote, messageId)] = new Entry(now, null);
            response = null;
            return State.New;
        }
    }

    public void Complete(EndPoint remote, ushort messageId, byte[] response)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((remote, messageId), out var entry))
            {
                _entries[(remote, messageId)] = entry with { Response = response };
            }
        }
    }

    /// <summary>Forgets an exchange that produced no response (e.g. the hub is stopping), so a retransmission is processed.</summary>
    public void Abandon(EndPoint remote, ushort messageId)
    {
        lock (_lock)
        {
            _entries.Remove((remote, messageId));
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + TimeSpan.FromSeconds(10);
        foreach (var key in _entries.Where(e => now - e.Value.At >= lifetime).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }
    }

    private sealed record Entry(DateTimeOffset At, byte[]? Response);
}
