namespace Hub.Plugins.Coap.Configuration;

public enum CoapMeterMode
{
    /// <summary>The meter POSTs to the hub's /readings.</summary>
    Push,

    /// <summary>The hub observes the meter's resource (RFC 7641) at <c>Meters:N:Url</c>.</summary>
    Observe,
}
