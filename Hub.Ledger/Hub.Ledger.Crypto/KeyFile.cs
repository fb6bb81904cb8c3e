using System.Text;

namespace Hub.Ledger.Crypto;

/// <summary>
/// A private key kept in a file as one line of hex (0x-prefixed, 64 digits), readable by its owner only (0600),
/// created on first use. The same format as <c>cast wallet</c> private keys, so a key can be imported into tools.
/// </summary>
public static class KeyFile
{
    public static Secp256k1Key LoadOrCreate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return Load(path);
        }

        var key = Secp256k1Key.Generate();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(Hex.Encode(key.PrivateKeyBytes()) + "\n"));
            stream.Flush(flushToDisk: true);
        }

        return key;
    }

    public static Secp256k1Key Load(string path)
    {
        var text = File.ReadAllText(path).Trim();
        try
        {
            return Secp256k1Key.FromPrivateKey(Hex.Decode(text));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a secp256k1 private key (one line of 64 hex digits): {ex.Message}", ex);
        }
    }
}
