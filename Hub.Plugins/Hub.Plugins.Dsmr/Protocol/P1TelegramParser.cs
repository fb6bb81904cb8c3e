using System.Text;

namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>
/// Parses a telegram (bytes from '/' to '!'): the identification line, an empty line, then one COSEM object per line,
/// <c>A-B:C.D.E(value)(value)…</c> (P1 Companion Standard 5.0.2 §6.4, IEC 62056-21 mode D). A line that begins with
/// '(' continues the previous one (DSMR 2.2/3.0 put the gas reading on its own line). Bounded: at most
/// <see cref="MaxObjects"/> lines and <see cref="MaxValues"/> values per line.
/// </summary>
public static class P1TelegramParser
{
    public const int MaxObjects = 256;
    public const int MaxValues = 32;

    public static P1Telegram Parse(byte[] telegram, bool hasCrc)
    {
        ArgumentNullException.ThrowIfNull(telegram);
        var text = Encoding.ASCII.GetString(telegram);
        if (text.Length < 2 || text[0] != '/' || text[^1] != '!')
        {
            throw new P1FormatException("a telegram runs from '/' to '!'.");
        }

        var lines = text[1..^1].Split('\n');
        var identification = lines[0].TrimEnd('\r');
        if (identification.Length < 5)
        {
            throw new P1FormatException($"the identification line '/{identification}' is too short (maker, baud digit, type).");
        }

        var objects = new List<P1Object>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '(')
            {
                if (objects.Count == 0)
                {
                    throw new P1FormatException($"line {i + 1} continues no object: '{line}'.");
                }

                var previous = objects[^1];
                objects[^1] = previous with { Values = [.. previous.Values, .. ParseValues(line, 0, i)] };
                if (objects[^1].Values.Count > MaxValues)
                {
                    throw new P1FormatException($"object {previous.Obis} has more than {MaxValues} values.");
                }

                continue;
            }

            var open = line.IndexOf('(', StringComparison.Ordinal);
            if (open <= 0)
            {
                throw new P1FormatException($"line {i + 1} is not OBIS(value): '{line}'.");
            }

            var obis = line[..open];
            if (!IsObis(obis))
            {
                throw new P1FormatException($"line {i + 1}: '{obis}' is not an OBIS reference such as 1-0:1.8.1.");
            }

            if (objects.Count >= MaxObjects)
            {
                throw new P1FormatException($"more than {MaxObjects} objects in one telegram.");
            }

            objects.Add(new P1Object(obis, ParseValues(line, open, i)));
        }

        return new P1Telegram(identification, objects, hasCrc);
    }

    private static List<P1Value> ParseValues(string line, int from, int lineIndex)
    {
        var values = new List<P1Value>();
        var at = from;
        while (at < line.Length)
        {
            if (line[at] != '(')
            {
                throw new P1FormatException($"line {lineIndex + 1}: expected '(' at column {at + 1} of '{line}'.");
            }

            var close = line.IndexOf(')', at);
            if (close < 0)
            {
                throw new P1FormatException($"line {lineIndex + 1}: a value has no ')': '{line}'.");
            }

            var inner = line[(at + 1)..close];
            var star = inner.IndexOf('*', StringComparison.Ordinal);
            values.Add(star < 0 ? new P1Value(inner, null) : new P1Value(inner[..star], inner[(star + 1)..]));
            if (values.Count > MaxValues)
            {
                throw new P1FormatException($"line {lineIndex + 1} has more than {MaxValues} values.");
            }

            at = close + 1;
        }

        return values;
    }

    /// <summary>A-B:C.D.E with decimal groups (and an optional *F or .F, as some meters write).</summary>
    private static bool IsObis(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (dash <= 0 || colon <= dash + 1 || colon == text.Length - 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is '-' or ':' or '.' or '*'))
            {
                return false;
            }
        }

        return true;
    }
}
