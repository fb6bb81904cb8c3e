using System.Security.Cryptography;
using System.Text;

namespace Hub.WebUi.Auth;

/// <summary>
/// The one-time code that proves the person setting up the hub can read its disk or console:
/// <c>&lt;DataDir&gt;/setup-code</c> (0600; the SD image copies it to the boot partition). The file is the truth:
/// <c>Hub.Host owner reset</c> writes a new one while the hub runs; setup deletes it.
/// </summary>
public sealed class SetupCode(string dataDir)
{
    public const string FileName = "setup-code";

    // Crockford's base 32 without look-alikes: 12 characters, 60 bits, typed from a console or a card.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

    public string FilePath { get; } = Path.Combine(dataDir, FileName);

    public bool IsPending => File.Exists(FilePath);

    /// <summary>The pending code, or a new one written to the file.</summary>
    public string EnsurePending() => Read() ?? Issue();

    /// <summary>A new code in the file, replacing any pending one.</summary>
    public string Issue()
    {
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        var code = $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}";
        DataFiles.WriteSecret(FilePath, Encoding.ASCII.GetBytes(code + "\n"));
        return code;
    }

    public bool Matches(string? given)
    {
        var code = Read();
        if (code is null || given is null)
        {
            return false;
        }

        var a = Encoding.ASCII.GetBytes(Normalize(code));
        var b = Encoding.ASCII.GetBytes(Normalize(given));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    public void Consume() => File.Delete(FilePath);

    private string? Read()
    {
        try
        {
            var text = File.ReadAllText(FilePath).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string Normalize(string code) => new([.. code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
}
