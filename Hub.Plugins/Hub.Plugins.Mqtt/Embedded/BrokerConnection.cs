using System.Net;
using System.Net.Sockets;
using MQTTnet.Packets;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// One TCP connection to the embedded broker, created by <see cref="GuardedTcpServerAdapter"/> on accept and found
/// again in MQTTnet's interceptors by its remote end point (unique per live connection, unlike the client id, which
/// a second connection may take over, or the session items, which a resumed session shares).
/// </summary>
internal sealed class BrokerConnection(Socket socket, EndPoint remoteEndPoint)
{
    /// <summary>How many readings of one connection may wait for the store at once; beyond that its next packet is not read.</summary>
    public const int MaxInFlight = 256;

    private readonly Queue<PendingAck> _pending = new();
    private readonly Lock _lock = new();
    private Dictionary<ushort, string>? _topicAliases;
    private ClientIdentity? _identity;
    private string _clientId = string.Empty;
    private int _failed;

    public EndPoint RemoteEndPoint { get; } = remoteEndPoint;

    public ClientIdentity? Identity => Volatile.Read(ref _identity);

    public string ClientId => Volatile.Read(ref _clientId);

    public InFlightLimit InFlight { get; } = new(MaxInFlight);

    /// <summary>True once a reading of this connection failed to become durable: nothing more is acknowledged on it.</summary>
    public bool Failed => Volatile.Read(ref _failed) != 0;

    public void Authenticated(string clientId, ClientIdentity identity)
    {
        Volatile.Write(ref _clientId, clientId);
        Volatile.Write(ref _identity, identity);
    }

    /// <summary>Marks the connection failed; true for the first caller only (who logs and closes it).</summary>
    public bool TryFail() => Interlocked.Exchange(ref _failed, 1) == 0;

    public string Describe() => $"client '{ClientId}' at {RemoteEndPoint}";

    public string Describe(string topic) => $"client '{ClientId}' at {RemoteEndPoint}, topic '{topic}'";

    /// <summary>Queues the acknowledgement-to-be of a QoS 1/2 PUBLISH, in the order the packets arrived.</summary>
    public void Enqueue(in PendingAck pending)
    {
        lock (_lock)
        {
            _pending.Enqueue(pending);
        }
    }

    public bool TryDequeue(out PendingAck pending)
    {
        lock (_lock)
        {
            return _pending.TryDequeue(out pending);
        }
    }

    /// <summary>The topic of a PUBLISH, resolving an MQTT 5 topic alias (§3.3.2.3.4) the way MQTTnet does afterwards.</summary>
    public string ResolveTopic(MqttPublishPacket publish)
    {
        // Only the connection's receive loop calls this, one packet at a time.
        if (publish.TopicAlias == 0)
        {
            return publish.Topic ?? string.Empty;
        }

        _topicAliases ??= [];
        if (!string.IsNullOrEmpty(publish.Topic))
        {
            _topicAliases[publish.TopicAlias] = publish.Topic;
            return publish.Topic;
        }

        return _topicAliases.GetValueOrDefault(publish.TopicAlias, string.Empty);
    }

    /// <summary>Closes the TCP connection at once; MQTTnet sees it closed and ends the session. The client re-sends what was not acknowledged.</summary>
    public void Abort()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone; closing below is all that is left to do.
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        socket.Close();
    }
}
