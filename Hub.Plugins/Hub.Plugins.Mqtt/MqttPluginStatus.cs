namespace Hub.Plugins.Mqtt;

/// <summary>What the hosted services know about their brokers, for the health report.</summary>
internal sealed class MqttPluginStatus
{
    private volatile bool _listening;
    private volatile bool _externalConnected;
    private volatile string? _externalError;
    private int _port;

    public bool Listening => _listening;

    public int Port => Volatile.Read(ref _port);

    public bool ExternalConnected => _externalConnected;

    public string? ExternalError => _externalError;

    public void BrokerListening(int port)
    {
        Volatile.Write(ref _port, port);
        _listening = true;
    }

    public void BrokerStopped() => _listening = false;

    public void ExternalUp()
    {
        _externalError = null;
        _externalConnected = true;
    }

    public void ExternalDown(string reason)
    {
        _externalError = reason;
        _externalConnected = false;
    }
}
