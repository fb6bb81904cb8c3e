using Hub.Plugins.ByteStream;

namespace Hub.Plugins.Dsmr.Profiles;

/// <summary>A P1 meter family: its serial line, whether it sends a CRC, and the maker's document (Profiles/*.json).</summary>
public sealed record DsmrProfile(string Name, string Maker, string Models, string Standard, string Document, SerialLine Line, bool Crc, double TelegramSeconds);
