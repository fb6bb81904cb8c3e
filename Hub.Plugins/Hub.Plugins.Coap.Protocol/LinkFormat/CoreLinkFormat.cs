using System.Text;

namespace Hub.Plugins.Coap.Protocol.LinkFormat;

/// <summary>RFC 6690 §2 link format (content-format 40): writing the server's links and parsing a peer's.</summary>
public static class CoreLinkFormat
{
    public const int ContentFormat = 40;

    public static string Write(IEnumerable<CoreLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var text = new StringBuilder();
        foreach (var link in links)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append('<').Append(link.Target).Append('>');
            foreach (var (name, value) in link.Attributes)
            {
                text.Append(';').Append(name);
                if (value is not null)
                {
                    // §2: ct and sz are tokens (numbers); rt, if, title are quoted strings.
                    var bare = value.Length > 0 && value.All(char.IsAsciiDigit);
                    text.Append('=').Append(bare ? value : $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Parses a link-format document; malformed links raise <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<CoreLink> Parse(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var links = new List<CoreLink>();
        var i = 0;
        while (i < document.Length)
        {
            SkipSpace(document, ref i);
            if (i >= document.Length)
            {
                break;
            }

            if (document[i] != '<')
            {
                throw new FormatException($"link-format: expected '<' at offset {i}.");
            }

            var close = document.IndexOf('>', i);
            if (close < 0)
            {
                throw new FormatException("link-format: unterminated '<'.");
            }

            var target = document[(i + 1)..close];
            i = close + 1;
            var attributes = new List<KeyValuePair<string, string?>>();
            while (i < document.Length && document[i] == ';')
            {
                i++;
                var nameStart = i;
                while (i < document.Length && document[i] is not ('=' or ';' or ','))
                {
                    i++;
                }

                var name = document[nameStart..i].Trim();
                string? value = null;
                if (i < document.Length && document[i] == '=')
                {
                    i++;
                    value = ReadValue(document, ref i);
                }

                attributes.Add(new(name, value));
            }

            links.Add(new CoreLink(target, attributes));
            SkipSpace(document, ref i);
            if (i < document.Length)
            {
                if (document[i] != ',')
                {
                    throw new FormatException($"link-format: expected ',' at offset {i}.");
                }

                i++;
            }
        }

        return links;
    }

    private static string ReadValue(string document, ref int i)
    {
        if (i < document.Length && document[i] == '"')
        {
            var value = new StringBuilder();
            i++;
            while (i < document.Length && document[i] != '"')
            {
                if (document[i] == '\\' && i + 1 < document.Length)
                {
                    i++;
                }

                value.Append(document[i++]);
            }

            if (i >= document.Length)
            {
                throw new FormatException("link-format: unterminated quoted value.");
            }

            i++;
            return value.ToString();
        }

        var start = i;
        while (i < document.Length && document[i] is not (';' or ','))
        {
            i++;
        }

        return document[start..i];
    }

    private static void SkipSpace(string document, ref int i)
    {
        while (i < document.Length && char.IsWhiteSpace(document[i]))
        {
            i++;
        }
    }
}
