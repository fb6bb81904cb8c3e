namespace Hub.Plugins.Coap.Protocol.Errors;

/// <summary>Why a datagram is not a CoAP message (RFC 7252 §3, §4.2 "message format error").</summary>
public enum CoapDecodeError
{
    /// <summary>Shorter than the 4-byte header.</summary>
    TooShort,

    /// <summary>Version is not 1 (§3: such messages are silently ignored).</summary>
    UnknownVersion,

    /// <summary>Token length 9-15 is reserved (§3).</summary>
    ReservedTokenLength,

    /// <summary>The datagram ends inside the token, an option header, extended delta/length or option value.</summary>
    Truncated,

    /// <summary>Delta or length nibble 15 outside the payload marker (§3.1).</summary>
    ReservedOptionNibble,

    /// <summary>A payload marker followed by a zero-length payload (§3).</summary>
    EmptyPayloadAfterMarker,

    /// <summary>An option number above 65535.</summary>
    OptionNumberOverflow,

    /// <summary>An Empty message (code 0.00) with a token, options or payload (§4.1).</summary>
    NonEmptyEmptyMessage,

    /// <summary>Response class 1, 6 or 7 (reserved, §12.1).</summary>
    ReservedCodeClass,
}
