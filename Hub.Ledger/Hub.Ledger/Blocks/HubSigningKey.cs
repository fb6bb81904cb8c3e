using Hub.Ledger.Crypto;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Blocks;

/// <summary>
/// The hub's secp256k1 key, which signs every block: <c>Chain:KeyFile</c> when set, else <c>hub.key</c> in
/// <c>Hub:DataDir</c>; created (mode 0600) at first start.
/// </summary>
public sealed class HubSigningKey(IOptions<LedgerOptions> options, IConfiguration configuration)
{
    public const string DefaultFileName = "hub.key";
    private Secp256k1Key? _key;

    public string Path => KeyPath(options.Value, configuration);

    public Secp256k1Key Key => _key ??= KeyFile.LoadOrCreate(Path);

    /// <summary>Where the key file is for this configuration.</summary>
    public static string KeyPath(LedgerOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["Chain:KeyFile"] is { Length: > 0 } file
            ? System.IO.Path.GetFullPath(file)
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(options.DataDir ?? ".", DefaultFileName));
    }
}
