using System.Collections.Concurrent;
using System.Net;

namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>The live connections of the embedded broker, by remote end point.</summary>
internal sealed class BrokerConnectionRegistry
{
    private readonly ConcurrentDictionary<EndPoint, BrokerConnection> _connections = new();
    private int _authenticated;

    /// <summary>Connections that have logged in (shown as <c>connectedClients</c> in the health report).</summary>
    public int AuthenticatedCount => Volatile.Read(ref _authenticated);

    public void Add(BrokerConnection connection) => _connections[connection.RemoteEndPoint] = connection;

    public BrokerConnection? Find(EndPoint? remoteEndPoint) =>
        remoteEndPoint is not null && _connections.TryGetValue(remoteEndPoint, out var connection) ? connection : null;

    public void Authenticated(BrokerConnection connection, string clientId, ClientIdentity identity)
    {
        var first = connection.Identity is null;
        connection.Authenticated(clientId, identity);
        if (first)
        {
            Interlocked.Increment(ref _authenticated);
        }
    }

    public void Remove(BrokerConnection connection)
    {
        if (_connections.TryRemove(new KeyValuePair<EndPoint, BrokerConnection>(connection.RemoteEndPoint, connection)) && connection.Identity is not null)
        {
            Interlocked.Decrement(ref _authenticated);
        }
    }
}
