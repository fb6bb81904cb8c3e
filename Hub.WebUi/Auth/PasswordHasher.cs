using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Hub.WebUi.Auth;

/// <summary>
/// Argon2id (RFC 9106) password hashes in the PHC string format, <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>:
/// the parameters travel with each hash, so stronger ones later still verify the old hashes.
/// </summary>
public static class PasswordHasher
{
    // OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane): about 0.1 s on a Raspberry Pi 4.
    private const int MemoryKiB = 19456;
    private const int Iterations = 2;
    private const int Lanes = 1;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Compute(password, salt, MemoryKiB, Iterations, Lanes, HashBytes);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={MemoryKiB},t={Iterations},p={Lanes}${Unpadded(salt)}${Unpadded(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="phc"/>; false for any malformed hash.</summary>
    public static bool Verify(string password, string phc)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(phc);
        var parts = phc.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }

        int m = 0, t = 0, p = 0;
        foreach (var pair in parts[3].Split(','))
        {
            var kv = pair.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (kv[0])
            {
                case "m": m = value; break;
                case "t": t = value; break;
                case "p": p = value; break;
                default: return false;
            }
        }

        if (m is < 8 or > 1_048_576 || t is < 1 or > 64 || p is < 1 or > 16)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(Padded(parts[4]));
            expected = Convert.FromBase64String(Padded(parts[5]));
        }
        catch (FormatException)
        {
            return false;
        }

        if (expected.Length is < 16 or > 64)
        {
            return false;
        }

        var actual = Compute(password, salt, m, t, p, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Compute(string password, byte[] salt, int memoryKiB, int iterations, int lanes, int length)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            using var argon = new Argon2id(bytes) { Salt = salt, MemorySize = memoryKiB, Iterations = iterations, DegreeOfParallelism = lanes };
            return argon.GetBytes(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static string Padded(string text) => text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
}
