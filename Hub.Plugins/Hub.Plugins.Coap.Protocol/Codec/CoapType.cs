namespace Hub.Plugins.Coap.Protocol.Codec;

/// <summary>The message type, RFC 7252 §3 (T field).</summary>
public enum CoapType : byte
{
    Confirmable = 0,
    NonConfirmable = 1,
    Acknowledgement = 2,
    Reset = 3,
}
