using System.Text.Json;
using Hub.Ledger.Crypto;

namespace Hub.Ledger.Chain;

/// <summary>
/// The deployment file <c>./smartmeter deploy</c> writes and <c>Chain:Contracts</c> names:
/// <c>{ "chainId", "hubRegistry", "blockAnchor", "billSettlement", "energyMarket", "token", "hubId", "deployer", "fromBlock" }</c>.
/// <c>energyMarket</c> is optional: without it the hub does not trade.
/// </summary>
public sealed record ChainDeployment(ulong ChainId, string HubRegistry, string BlockAnchor, string BillSettlement, string? HubId, ulong FromBlock, string? EnergyMarket = null)
{
    /// <exception cref="InvalidDataException">Missing, unreadable, or a field is missing or malformed; the message names the file and field.</exception>
    public static ChainDeployment Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new InvalidDataException($"Chain:Contracts: no deployment file at {full}; run ./smartmeter deploy to write it.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(full));
            var root = document.RootElement;
            return new ChainDeployment(
                root.GetProperty("chainId").GetUInt64(),
                Address(root, "hubRegistry", full),
                Address(root, "blockAnchor", full),
                Address(root, "billSettlement", full),
                root.TryGetProperty("hubId", out var hubId) && hubId.ValueKind == JsonValueKind.String ? hubId.GetString() : null,
                root.TryGetProperty("fromBlock", out var from) && from.ValueKind == JsonValueKind.Number ? from.GetUInt64() : 0,
                root.TryGetProperty("energyMarket", out var market) && market.ValueKind == JsonValueKind.String ? Address(root, "energyMarket", full) : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            throw new InvalidDataException($"Chain:Contracts: {full} is not a deployment file ({{\"chainId\", \"hubRegistry\", \"blockAnchor\", \"billSettlement\", ...}}): {ex.Message}", ex);
        }
    }

    private static string Address(JsonElement root, string name, string path)
    {
        var text = root.GetProperty(name).GetString();
        if (text is null || text.Length != 42 || Hex.Decode(text).Length != 20)
        {
            throw new InvalidDataException($"Chain:Contracts: {path}: '{name}' is not a 20-byte 0x address.");
        }

        return text;
    }
}
