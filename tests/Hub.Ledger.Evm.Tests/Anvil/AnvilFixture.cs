using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Crypto;
using Hub.Ledger.Evm.Rpc;
using SmartMeter.Peers;

namespace Hub.Ledger.Evm.Tests.Anvil;

/// <summary>
/// A real anvil on a free loopback port (<see cref="AnvilNode"/>), with the contracts built by forge. Installs Foundry
/// from npm (<c>npm ci</c> in contracts/) and builds the artifacts when they are missing (<see cref="Foundry"/>);
/// fails with a clear message when it cannot.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private AnvilNode? _anvil;

    public EthRpcClient Rpc => _anvil?.Rpc ?? throw new InvalidOperationException("anvil has not started.");

    public ulong ChainId => _anvil?.ChainId ?? throw new InvalidOperationException("anvil has not started.");

    public async Task InitializeAsync()
    {
        await Foundry.EnsureArtifactsAsync();
        _anvil = await AnvilNode.StartAsync("--silent");
    }

    public async Task DisposeAsync()
    {
        if (_anvil is not null)
        {
            await _anvil.DisposeAsync();
        }
    }

    /// <summary>A fresh key holding <paramref name="wei"/> (anvil_setBalance).</summary>
    public async Task<Secp256k1Key> FundedKeyAsync(BigInteger wei)
    {
        var key = Secp256k1Key.Generate();
        await Rpc.SendAsync("anvil_setBalance", [key.ChecksumAddress, "0x" + wei.ToString("x", CultureInfo.InvariantCulture).TrimStart('0')]);
        return key;
    }

    /// <summary>The forge artifact's creation bytecode and method identifiers (signature → selector hex).</summary>
    public static (byte[] Bytecode, IReadOnlyDictionary<string, string> Methods) Artifact(string contract)
    {
        var json = Foundry.Artifact(contract);
        var bytecode = Hex.Decode(json["bytecode"]!["object"]!.GetValue<string>());
        var methods = json["methodIdentifiers"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        return (bytecode, methods);
    }

    /// <summary>The custom errors the artifact's ABI declares, as <c>Name(type,…)</c>.</summary>
    public static IReadOnlyList<Evm.Abi.AbiError> Errors(string contract)
    {
        var abi = Foundry.Artifact(contract)["abi"]!.AsArray();
        return [.. abi
            .Where(e => e!["type"]!.GetValue<string>() == "error")
            .Select(e => Evm.Abi.AbiError.Parse(e!["name"]!.GetValue<string>() + "("
                + string.Join(",", e["inputs"]!.AsArray().Select(i => i!["type"]!.GetValue<string>())) + ")"))];
    }

    /// <summary>Runs <c>cast</c> and returns its stdout; throws with its output when it fails.</summary>
    public static Task<string> CastAsync(params string[] arguments) => Foundry.CastAsync(arguments);

    /// <summary><c>cast decode-transaction</c> prints the JSON object as a JSON string (quoted); accept both forms.</summary>
    public static JsonElement ParseCastJson(string output)
    {
        var text = output.Trim();
        using var outer = JsonDocument.Parse(text);
        var inner = outer.RootElement.ValueKind == JsonValueKind.String ? outer.RootElement.GetString()! : text;
        using var document = JsonDocument.Parse(inner);
        return document.RootElement.Clone();
    }
}
