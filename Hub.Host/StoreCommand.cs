using System.Globalization;
using Hub.Host.Configuration;
using Hub.Ledger.Storage;

namespace Hub.Host;

/// <summary>
/// <c>Hub.Host store check --config hub.json</c>: reads every page of the stopped hub's store, then verifies the
/// ledger; 0 when sound, 1 when the ledger does not verify, 78 when the store is damaged.
/// <c>Hub.Host store rebuild --config hub.json</c>: keeps the damaged files aside, rebuilds the store from what
/// can be read, then verifies (docs/faults.md "Corrupt store").
/// </summary>
internal static class StoreCommand
{
    public const string Verb = "store";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Verb;

    public static int Run(string[] args)
    {
        if (args.Length < 2 || args[1] is not ("check" or "rebuild"))
        {
            return ExitCodes.ConfigError("usage: Hub.Host store check|rebuild --config hub.json");
        }

        IConfiguration configuration;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[2..], ContentRootPath = AppContext.BaseDirectory });
            builder.AddHubConfiguration(args[2..]);
            configuration = builder.Configuration;
        }
        catch (HubConfigurationException ex)
        {
            return ExitCodes.ConfigError(ex.Message);
        }

        try
        {
            if (args[1] == "check")
            {
                var counts = StoreRepair.Check(configuration);
                Console.WriteLine($"smartmeter: store check: every page of {StoreRepair.DataFileOf(configuration)} reads: "
                    + string.Join(", ", counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}"))));
            }
            else
            {
                var report = StoreRepair.Rebuild(configuration, TimeProvider.System);
                Console.WriteLine($"smartmeter: store rebuild: the damaged files are kept as {report.KeptDataFile}{(report.KeptLogFile is null ? string.Empty : " and " + report.KeptLogFile)}");
                if (report.Failure is not null)
                {
                    Console.Error.WriteLine($"smartmeter: store rebuild: nothing could be read ({report.Failure}); the hub will start on an empty store. Restore a backup of the data folder if there is one.");
                    return VerifyCommand.Tampered;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smartmeter: store rebuild: {report.DataFile} rebuilt ({report.Errors} unreadable parts skipped): ")
                    + string.Join(", ", report.Collections.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}"))));
            }
        }
        catch (StoreCorruptException ex)
        {
            return ExitCodes.CorruptStore(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return ExitCodes.ConfigError(ex.Message);
        }
        catch (IOException ex)
        {
            return ExitCodes.CannotStart($"{ex.Message} (is the hub running? stop it first)");
        }

        // Then the same checks as 'verify': every block, signature and reading.
        return VerifyCommand.Run(["verify", .. args[2..]]);
    }
}
