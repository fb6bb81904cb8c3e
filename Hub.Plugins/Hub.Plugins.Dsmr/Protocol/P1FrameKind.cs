namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>What the framer found in the byte stream.</summary>
public enum P1FrameKind
{
    /// <summary>A whole telegram whose CRC matched (or that has none: DSMR 2.2/3).</summary>
    Telegram,

    /// <summary>A telegram whose CRC did not match: refused.</summary>
    BadCrc,

    /// <summary>A telegram cut off: a new one started before its '!', or it outgrew the size limit.</summary>
    Truncated,

    /// <summary>Bytes outside any telegram that are not line ends: noise on the line.</summary>
    Noise,

    /// <summary>A telegram with bytes no P1 port sends (control or 8-bit characters): wrong baud rate or parity.</summary>
    NotAscii,
}

/// <param name="Kind">What was found.</param>
/// <param name="Telegram">The telegram from '/' to '!' inclusive (for <see cref="P1FrameKind.Telegram"/>).</param>
/// <param name="HasCrc">Whether the telegram carried a CRC (DSMR 4.0 and later).</param>
/// <param name="Detail">For the refusals: what was wrong, in words.</param>
public sealed record P1Frame(P1FrameKind Kind, byte[]? Telegram, bool HasCrc, string? Detail);
