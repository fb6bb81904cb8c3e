using System.Globalization;

namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>
/// Reads <c>Mqtt:EmbeddedBroker:CredentialsFile</c>: one <c>username:password</c> per line (the password may contain ':'),
/// blank lines and lines starting with '#' ignored.
/// </summary>
internal static class CredentialsFile
{
    public const string Key = "Mqtt:EmbeddedBroker:CredentialsFile";

    public static Dictionary<string, string> Read(string path, List<string> errors)
    {
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add($"{Key}: cannot read '{path}': {ex.Message}");
            return credentials;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == line.Length - 1)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Key}: line {i + 1} of '{path}' is not 'username:password'."));
                continue;
            }

            var username = line[..colon];
            if (!credentials.TryAdd(username, line[(colon + 1)..]))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Key}: line {i + 1} of '{path}' repeats user '{username}'."));
            }
        }

        return credentials;
    }
}
