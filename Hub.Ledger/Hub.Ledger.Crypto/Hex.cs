namespace Hub.Ledger.Crypto;

/// <summary>0x-prefixed lower-case hex, as Ethereum tools write bytes.</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes hex with or without a 0x prefix; throws <see cref="FormatException"/> on anything else.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length % 2 != 0)
        {
            throw new FormatException("hex: an odd number of digits.");
        }

        return Convert.FromHexString(digits);
    }
}
