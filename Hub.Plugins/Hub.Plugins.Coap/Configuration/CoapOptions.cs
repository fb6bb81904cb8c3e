namespace Hub.Plugins.Coap.Configuration;

/// <summary>The <c>Coap</c> section of hub.json.</summary>
public sealed class CoapOptions
{
    public const string SectionName = "Coap";

    /// <summary>UDP port of the hub's CoAP server (RFC 7252 default 5683).</summary>
    public int Port { get; set; } = 5683;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Largest request body, whole or reassembled block-wise; larger gets 4.13.</summary>
    public int MaxPayloadBytes { get; set; } = 65536;
}
