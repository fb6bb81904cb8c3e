namespace Hub.Plugins.Coap.Ingest;

/// <summary>The payload names a meter that is configured for another plugin: CoAP may not write its readings (4.03).</summary>
public sealed class MeterNotAllowedException : Exception
{
    public MeterNotAllowedException()
    {
    }

    public MeterNotAllowedException(string message)
        : base(message)
    {
    }

    public MeterNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
