namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>A <see cref="ModbusTcpClient"/> whose connections are scripted streams; counts connects.</summary>
internal sealed class ScriptedTcp
{
    private readonly Func<byte[], byte[]?> _respond;
    private readonly bool _endAfterResponse;

    public ScriptedTcp(Func<byte[], byte[]?> respond, bool endAfterResponse = false)
    {
        _respond = respond;
        _endAfterResponse = endAfterResponse;
    }

    public List<ScriptedStream> Connections { get; } = [];

    /// <summary>Every request written, over every connection.</summary>
    public IEnumerable<byte[]> Requests => Connections.SelectMany(c => c.Written);

    public int ConnectAttempts { get; private set; }

    /// <summary>Set to make the next connects fail like a refused connection.</summary>
    public Exception? ConnectFailure { get; set; }

    public static ModbusClientOptions Options(int timeoutMs = 200, int retries = 0) => new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(timeoutMs),
        Retry = new ModbusRetryPolicy(retries, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
    };

    public ModbusTcpClient Client(ModbusClientOptions? options = null)
    {
        var transport = new TcpTransport("tcp://scripted:502", _ =>
        {
            ConnectAttempts++;
            if (ConnectFailure is not null)
            {
                throw ConnectFailure;
            }

            var stream = new ScriptedStream(_respond, _endAfterResponse);
            Connections.Add(stream);
            return ValueTask.FromResult<Stream>(stream);
        });
        return new ModbusTcpClient(new ModbusTcpEndpoint("scripted"), transport, options ?? Options());
    }
}
