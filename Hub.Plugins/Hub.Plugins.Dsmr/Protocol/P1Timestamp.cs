using System.Globalization;

namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>
/// P1 time stamps: <c>YYMMDDhhmmssX</c>, local time of the Netherlands/Belgium/Luxembourg with X = S (summer time,
/// UTC+2) or W (winter time, UTC+1), P1 Companion Standard 5.0.2 §6.4 "TST". DSMR 2.2/3.0 send no flag: their time
/// is taken as Central European time with the EU's DST rules.
/// </summary>
public static class P1Timestamp
{
    private static readonly TimeZoneInfo? CentralEurope = FindCentralEurope();

    public static DateTimeOffset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is not (12 or 13)
            || !DateTime.TryParseExact(text[..12], "yyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new P1FormatException($"'{text}' is not a P1 time stamp YYMMDDhhmmssX.");
        }

        if (text.Length == 13)
        {
            var offset = text[12] switch
            {
                'S' or 's' => TimeSpan.FromHours(2),
                'W' or 'w' => TimeSpan.FromHours(1),
                _ => throw new P1FormatException($"'{text}': the DST flag must be S or W."),
            };
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }

        var unflagged = CentralEurope?.GetUtcOffset(local) ?? TimeSpan.FromHours(1);
        return new DateTimeOffset(local, unflagged).ToUniversalTime();
    }

    private static TimeZoneInfo? FindCentralEurope()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
