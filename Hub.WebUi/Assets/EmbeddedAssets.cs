using System.Reflection;
using System.Security.Cryptography;

namespace Hub.WebUi.Assets;

/// <summary>
/// The page's files, embedded in the assembly as <c>wwwroot/&lt;path&gt;</c> (see the csproj) so that the hub is one
/// set of DLLs with nothing to install beside it. <c>wwwroot/index.html</c> is also served at <c>/</c>.
/// </summary>
public sealed class EmbeddedAssets
{
    private const string Prefix = "wwwroot/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".webmanifest"] = "application/manifest+json; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".txt"] = "text/plain; charset=utf-8",
    };

    public EmbeddedAssets()
        : this(typeof(EmbeddedAssets).Assembly)
    {
    }

    internal EmbeddedAssets(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var assets = new List<EmbeddedAsset>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var relative = name[Prefix.Length..].Replace('\\', '/');
            var content = Read(assembly, name);
            var asset = new EmbeddedAsset("/" + relative, ContentTypeOf(relative), content, ETagOf(content));
            assets.Add(asset);
            if (string.Equals(relative, "index.html", StringComparison.Ordinal))
            {
                assets.Add(asset with { RequestPath = "/" });
            }
        }

        All = assets;
    }

    public IReadOnlyList<EmbeddedAsset> All { get; }

    public static string ContentTypeOf(string path) =>
        ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is listed but cannot be opened.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ETagOf(byte[] content)
    {
        var hash = SHA256.HashData(content);
        return "\"" + Convert.ToBase64String(hash, 0, 12).Replace('+', '-').Replace('/', '_') + "\"";
    }
}
