using System.Text.Json;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// The contracts deployed by <c>./smartmeter deploy</c> (the script under test), and its deployment file.
/// <see cref="EnergyMarket"/> is null for a deployment file written before the market existed.
/// </summary>
public sealed record Deployment(string File, string HubKeyFile, string HubRegistry, string BlockAnchor, string BillSettlement, string HubId, string HubAddress, string Homeowner, string Supplier, string? EnergyMarket = null)
{
    /// <summary>anvil's dev account 0: the deployer and registry owner by default.</summary>
    public const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>anvil's dev account 1: the homeowner by default.</summary>
    public const string HomeownerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    public static async Task<Deployment> RunAsync(AnvilNode anvil, string directory, params string[] extra)
    {
        var file = Path.Combine(directory, "deployment.json");
        var key = Path.Combine(directory, "hub.key");
        string[] arguments = [Path.Combine(RepoPaths.Root, "smartmeter"), "deploy", "--rpc-url", anvil.Url, "--hub-key-file", key, "--out", file, "--hub-id", "test-hub", "--quiet", .. extra];
        await using (var deploy = ChildProcess.Start("deploy", "bash", arguments, RepoPaths.Root))
        {
            var code = await deploy.WaitForExitAsync(TimeSpan.FromMinutes(3));
            Assert.True(code == 0, $"./smartmeter deploy exited {code}:\n{deploy.Log}");
        }

        return await ReadAsync(file, key);
    }

    /// <summary>
    /// <c>./smartmeter deploy --join</c>: registers hub <paramref name="hubName"/> with the contracts of <paramref name="existing"/>;
    /// its key and deployment file are <c>&lt;hubName&gt;.key</c> and <c>&lt;hubName&gt;.json</c> in <paramref name="directory"/>.
    /// </summary>
    public static async Task<Deployment> JoinAsync(AnvilNode anvil, Deployment existing, string directory, string hubName, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(anvil);
        ArgumentNullException.ThrowIfNull(existing);
        var file = Path.Combine(directory, hubName + ".json");
        var key = Path.Combine(directory, hubName + ".key");
        await using (var join = StartScript(["deploy", "--join", existing.File, "--rpc-url", anvil.Url, "--hub-id", hubName, "--hub-key-file", key, "--out", file, "--quiet", .. extra]))
        {
            var code = await join.WaitForExitAsync(TimeSpan.FromMinutes(3));
            Assert.True(code == 0, $"./smartmeter deploy --join exited {code}:\n{join.Log}");
        }

        return await ReadAsync(file, key);
    }

    /// <summary>Runs <c>./smartmeter</c> with <paramref name="arguments"/> from the repository root.</summary>
    public static ChildProcess StartScript(string[] arguments) =>
        ChildProcess.Start("smartmeter", "bash", [Path.Combine(RepoPaths.Root, "smartmeter"), .. arguments], RepoPaths.Root);

    private static async Task<Deployment> ReadAsync(string file, string key)
    {
        using var json = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(file));
        var root = json.RootElement;
        string S(string name) => root.GetProperty(name).GetString()!;
        var market = root.TryGetProperty("energyMarket", out var m) ? m.GetString() : null;
        return new Deployment(file, key, S("hubRegistry"), S("blockAnchor"), S("billSettlement"), S("hubId"), S("hubAddress"), S("homeowner"), S("supplier"), market);
    }

    /// <summary>Runs cast from contracts/node_modules and returns its standard output.</summary>
    public static Task<string> CastAsync(params string[] arguments) => Foundry.CastAsync(arguments);
}
