using Hub.Plugins.Modbus.Configuration;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>
/// One client per TCP endpoint or serial bus, shared by the meters on it: the client sends one request at a time,
/// so meters on one RS-485 bus (or behind one gateway) take turns.
/// </summary>
internal sealed class ModbusBuses : IAsyncDisposable
{
    private readonly Dictionary<string, IModbusClient> _clients = new(StringComparer.Ordinal);
    private readonly Func<ModbusEndpoint, IModbusClient> _factory;

    public ModbusBuses(ModbusSetup setup, TimeProvider time)
        : this(endpoint => ModbusClientFactory.Create(endpoint, new ModbusClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(setup.Options.RequestTimeoutMs),
            Retry = new ModbusRetryPolicy(setup.Options.Retries, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)),
            TimeProvider = time,
        }))
    {
    }

    public ModbusBuses(Func<ModbusEndpoint, IModbusClient> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
    }

    public int Count
    {
        get
        {
            lock (_clients)
            {
                return _clients.Count;
            }
        }
    }

    public IModbusClient ClientFor(ModbusMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        lock (_clients)
        {
            if (!_clients.TryGetValue(meter.BusKey, out var client))
            {
                client = _factory(meter.Endpoint);
                _clients.Add(meter.BusKey, client);
            }

            return client;
        }
    }

    public async ValueTask DisposeAsync()
    {
        IModbusClient[] clients;
        lock (_clients)
        {
            clients = [.. _clients.Values];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
