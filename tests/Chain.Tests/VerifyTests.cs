using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary><c>Hub.Host verify</c> checks each local block root against <c>rootOf</c> on chain.</summary>
public sealed class VerifyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Verify_matches_anchored_roots_names_a_block_that_differs_and_says_when_the_chain_is_unreachable()
    {
        await using var scope = await ChainScope.StartAsync();
        await scope.SealAtLeastAsync(3, Wait);
        await scope.WaitAnchoredAsync(Wait);
        await scope.Hub.TerminateAsync();

        var (code, output) = await VerifyAsync(scope);
        Assert.True(code == 0, output);
        Assert.Contains("anchored block roots equal rootOf on chain", output, StringComparison.Ordinal);

        // Another ledger under the same hub id and key: its own checks pass, but block 1's root is not the anchored one.
        Directory.Delete(scope.Config.DataDir, recursive: true);
        await scope.RestartHubAsync();
        await scope.SealAtLeastAsync(1, Wait);
        await scope.Hub.EventuallyAsync(
            async () => (await scope.ChainHealthAsync()).GetProperty("lastError").GetString() is { } e && e.Contains("the local ledger and the chain disagree", StringComparison.Ordinal),
            Wait,
            "/health names the block whose root differs");
        await scope.Hub.TerminateAsync();
        (code, output) = await VerifyAsync(scope);
        Assert.True(code == 1, output);
        Assert.Contains("FAILED: chain: block 1: the root anchored on chain", output, StringComparison.Ordinal);

        // No chain: said, and the local checks decide.
        await scope.Anvil.StopAsync();
        (code, output) = await VerifyAsync(scope);
        Assert.True(code == 0, output);
        Assert.Contains("chain: not checked", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> VerifyAsync(ChainScope scope)
    {
        await using var verify = ChildProcess.Start("verify", DotnetHost.Path, [RepoPaths.HubHostDll, "verify", "--config", scope.Directory.Combine("hub.json")]);
        var code = await verify.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, verify.Log);
    }
}
