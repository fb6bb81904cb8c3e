using Hub.Ledger.Crypto;

namespace MeterFirmware.Cli;

/// <summary>
/// The meter's own secp256k1 key (<c>--key-file</c>): the same file format as the hub key (one line, <c>0x</c> + 64
/// hex digits, mode 0600, created on first use), and <c>--print-public-key</c>, which prints the public key to put
/// into the hub's <c>Meters:N:PublicKey</c> and exits.
/// </summary>
internal static class MeterKey
{
    /// <summary>Handles <c>--print-public-key --key-file PATH</c> (in either order); false for any other command line.</summary>
    public static bool TryPrintPublicKey(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (!args.Contains("--print-public-key"))
        {
            return false;
        }

        var rest = args.Where(a => a != "--print-public-key").ToList();
        if (rest.Count != 2 || rest[0] != "--key-file" || rest[1].Length == 0)
        {
            stderr.WriteLine("meter-firmware: --print-public-key goes with --key-file PATH only.");
            exitCode = ExitCodes.Usage;
            return true;
        }

        try
        {
            stdout.WriteLine(Hex.Encode(Load(rest[1]).PublicKey));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"meter-firmware: --key-file {rest[1]}: {ex.Message}");
            exitCode = ExitCodes.StateInvalid;
        }

        return true;
    }

    /// <summary>Loads the key, creating it (0600) when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a key.</exception>
    public static Secp256k1Key Load(string path) => KeyFile.LoadOrCreate(path);
}
