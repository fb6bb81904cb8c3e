using System.Diagnostics;
using Hub.Host.Configuration;
using Hub.WebUi.Auth;

namespace Hub.Host;

/// <summary>
/// Root on the box, hub stopped or running (docs/security.md "Recovery", "Factory reset"):
/// <c>Hub.Host owner reset --config hub.json</c> issues a new setup code; whoever enters it at <c>/setup.html</c>
/// sets the owner's password anew (the old owner's sessions and tokens end).
/// <c>Hub.Host wipe --config hub.json</c> (hub stopped) deletes everything in <c>Hub:DataDir</c>: readings, bills,
/// blocks, accounts, tokens, keys, certificate; the hub then starts as new, with a setup code.
/// </summary>
internal static class AccountsCommands
{
    public static bool Matches(string[] args) =>
        (args.Length >= 2 && args[0] == "owner" && args[1] == "reset") || (args.Length >= 1 && args[0] == "wipe");

    public static int Run(string[] args)
    {
        var wipe = args[0] == "wipe";
        var rest = wipe ? args[1..] : args[2..];
        string dataDir;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
            builder.AddHubConfiguration(rest);
            dataDir = builder.Configuration["Hub:DataDir"] is { Length: > 0 } dir
                ? Path.GetFullPath(dir)
                : throw new HubConfigurationException("Hub:DataDir: is missing; set it to the hub's data folder.");
        }
        catch (HubConfigurationException ex)
        {
            return ExitCodes.ConfigError(ex.Message);
        }

        if (!Directory.Exists(dataDir))
        {
            return ExitCodes.CannotStart($"Hub:DataDir: {dataDir} does not exist.");
        }

        return wipe ? Wipe(dataDir) : ResetOwner(dataDir);
    }

    private static int ResetOwner(string dataDir)
    {
        var setup = new SetupCode(dataDir);
        var code = setup.Issue();
        GiveToDataDirOwner(setup.FilePath, dataDir);
        Console.WriteLine($"smartmeter: owner reset: setup code {code} (also in {setup.FilePath}, mode 0600).");
        Console.WriteLine("Open https://<hub>:8443/setup.html (or the hub's Hub:Urls) and enter it with a new owner password;");
        Console.WriteLine("the old owner's sessions and API tokens end then. Until then the old password still works.");
        return ExitCodes.Ok;
    }

    private static int Wipe(string dataDir)
    {
        var removed = 0;
        foreach (var entry in new DirectoryInfo(dataDir).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }

            removed++;
        }

        Console.WriteLine($"smartmeter: wipe: {dataDir} is empty ({removed} entries deleted): readings, alerts, bills, blocks,");
        Console.WriteLine("accounts, API tokens, the hub's key and certificate. The hub starts as new, with a setup code.");
        Console.WriteLine("What stays on chain, and why: the anchored block roots (hashes, no readings), settled bills and market trades");
        Console.WriteLine("are public, append-only records on the EVM chain; nobody can delete them. They name the hub's address, not the");
        Console.WriteLine("household; without the deleted readings and key they cannot be tied back to what was measured.");
        Console.WriteLine("A Chain:KeyFile outside the data folder is kept: it may hold funds (delete it yourself once withdrawn).");
        return ExitCodes.Ok;
    }

    /// <summary>Run as root, the new file must still be the hub's: same owner as the data folder.</summary>
    private static void GiveToDataDirOwner(string file, string dataDir)
    {
        if (Environment.UserName != "root")
        {
            return;
        }

        using var chown = Process.Start(new ProcessStartInfo("chown", ["--reference", dataDir, file]) { UseShellExecute = false });
        chown?.WaitForExit();
    }
}
