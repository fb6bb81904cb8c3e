using System.Net;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// <c>Hub.Host wipe</c> and <c>Hub.Host owner reset</c> on a real hub's data dir (docs/security.md "Factory reset",
/// "Recovery").
/// </summary>
public sealed class WipeAndOwnerResetTests
{
    [Fact]
    public async Task Wipe_LeavesNoReadingAccountOrKey_AndTheHubStartsAsNewWithASetupCode()
    {
        await using var scope = await HubScope.StartAsync("house");
        var reading = Readings.Household("house", 1, TimeProvider.System.GetUtcNow().AddMinutes(-5));
        Assert.True((await MosquittoClients.PublishAsync(scope.BrokerPort, scope.Config.Meter("house"), Readings.Json(reading))).Succeeded);
        await scope.Hub.EventuallyAsync(async () => await scope.Hub.StoredReadingsAsync() == 1, TimeSpan.FromSeconds(30), "the reading stored");
        var dataDir = scope.Config.DataDir;
        Assert.True(File.Exists(Path.Combine(dataDir, "accounts.json")));
        Assert.False(File.Exists(Path.Combine(dataDir, "setup-code")));
        await scope.Hub.TerminateAsync();

        var (code, output) = await RunHostAsync("wipe", "--config", scope.Hub.ConfigPath);
        Assert.True(code == 0, output);
        Assert.Contains("stays on chain", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dataDir));

        // Started again: a new hub, claimed anew through its new setup code (HubProcess does that), no reading left.
        await scope.RestartAsync();
        Assert.Equal(0, await scope.Hub.StoredReadingsAsync());
        Assert.Empty(await scope.Hub.AllReadingsAsync("house"));
    }

    [Fact]
    public async Task OwnerReset_IssuesANewSetupCode_ThatSetsANewOwnerPassword()
    {
        await using var scope = await HubScope.StartAsync("house");
        var (code, output) = await RunHostAsync("owner", "reset", "--config", scope.Hub.ConfigPath);
        Assert.True(code == 0, output);
        var setupCode = (await File.ReadAllTextAsync(Path.Combine(scope.Config.DataDir, "setup-code"))).Trim();
        Assert.Contains(setupCode, output, StringComparison.Ordinal);

        // The running hub accepts it: until then the old owner token works; then the password is replaced and a new token made.
        using var anonymous = scope.Hub.AnonymousClient();
        var session0 = await anonymous.GetStringAsync(new Uri("/api/session", UriKind.Relative));
        Assert.Contains("\"setupPending\":true", session0, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await scope.Hub.GetAsync("/api/meters")).Status);
        await scope.Hub.AuthenticateAsync(); // completes setup again with the new code and a new password, new token
        Assert.Equal(HttpStatusCode.OK, (await scope.Hub.GetAsync("/api/meters")).Status);
        Assert.False(File.Exists(Path.Combine(scope.Config.DataDir, "setup-code")));
    }

    private static async Task<(int Code, string Output)> RunHostAsync(params string[] args)
    {
        await using var process = ChildProcess.Start("hub-cli", DotnetHost.Path, [RepoPaths.HubHostDll, .. args]);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, process.Log);
    }
}
