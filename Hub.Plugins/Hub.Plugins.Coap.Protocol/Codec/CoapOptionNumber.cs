namespace Hub.Plugins.Coap.Protocol.Codec;

/// <summary>Option numbers from RFC 7252 §5.10, RFC 7641 §2 (Observe) and RFC 7959 §2.1 (Block1/Block2, Size2).</summary>
public static class CoapOptionNumber
{
    public const ushort IfMatch = 1;
    public const ushort UriHost = 3;
    public const ushort ETag = 4;
    public const ushort IfNoneMatch = 5;
    public const ushort Observe = 6;
    public const ushort UriPort = 7;
    public const ushort LocationPath = 8;
    public const ushort UriPath = 11;
    public const ushort ContentFormat = 12;
    public const ushort MaxAge = 14;
    public const ushort UriQuery = 15;
    public const ushort Accept = 17;
    public const ushort LocationQuery = 20;
    public const ushort Block2 = 23;
    public const ushort Block1 = 27;
    public const ushort Size2 = 28;
    public const ushort ProxyUri = 35;
    public const ushort ProxyScheme = 39;
    public const ushort Size1 = 60;

    /// <summary>RFC 7252 §5.4.1: odd option numbers are critical; an unrecognised critical option must be rejected.</summary>
    public static bool IsCritical(int number) => (number & 1) == 1;

    /// <summary>The options this stack understands; any other critical option in a request gets 4.02 Bad Option.</summary>
    public static bool IsKnown(int number) => number is IfMatch or UriHost or ETag or IfNoneMatch or Observe or UriPort
        or LocationPath or UriPath or ContentFormat or MaxAge or UriQuery or Accept or LocationQuery or Block2 or Block1
        or Size2 or ProxyUri or ProxyScheme or Size1;
}
