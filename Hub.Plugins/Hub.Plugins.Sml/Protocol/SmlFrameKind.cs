namespace Hub.Plugins.Sml.Protocol;

public enum SmlFrameKind
{
    /// <summary>A whole transport frame whose CRC matched: its unescaped payload.</summary>
    File,

    /// <summary>A frame whose CRC did not match: refused.</summary>
    BadCrc,

    /// <summary>A frame cut off (a new start inside it) or too long.</summary>
    Truncated,

    /// <summary>Bytes outside any frame: noise, or a meter on another baud rate.</summary>
    Noise,

    /// <summary>An escape sequence SML 1.04 does not define.</summary>
    BadEscape,
}

/// <param name="Kind">What was found.</param>
/// <param name="Payload">For <see cref="SmlFrameKind.File"/>: the SML messages, unescaped, fill bytes removed.</param>
/// <param name="Detail">For the refusals: what was wrong.</param>
public sealed record SmlFrame(SmlFrameKind Kind, byte[]? Payload, string? Detail);
