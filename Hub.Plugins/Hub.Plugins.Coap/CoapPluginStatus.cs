namespace Hub.Plugins.Coap;

/// <summary>Whether the server listens, and on which port (the OS-assigned one when Port is 0).</summary>
internal sealed class CoapPluginStatus
{
    private Func<long> _malformed = () => 0;

    public bool IsListening { get; private set; }

    public int Port { get; private set; }

    public long Malformed => _malformed();

    public void Listening(int port, Func<long> malformed)
    {
        Port = port;
        _malformed = malformed;
        IsListening = true;
    }

    public void Stopped() => IsListening = false;

    /// <summary>No Coap section and no push meter: nothing to serve, which is healthy.</summary>
    public bool IsDisabled { get; private set; }

    public void Disabled() => IsDisabled = true;
}
