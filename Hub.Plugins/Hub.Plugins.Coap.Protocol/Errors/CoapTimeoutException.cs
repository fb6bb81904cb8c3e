namespace Hub.Plugins.Coap.Protocol.Errors;

/// <summary>A confirmable request got no ACK after MAX_RETRANSMIT retransmissions (RFC 7252 §4.2), or no response in time.</summary>
public sealed class CoapTimeoutException : Exception
{
    public CoapTimeoutException()
    {
    }

    public CoapTimeoutException(string message)
        : base(message)
    {
    }

    public CoapTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
