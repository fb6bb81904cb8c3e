using System.Text.RegularExpressions;

namespace Hub.Plugins.Abstractions;

/// <summary>Meter ids are short, lower-case and safe in topics, URLs and file names.</summary>
public static partial class MeterId
{
    public const string Pattern = "^[a-z0-9-]{1,64}$";

    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
