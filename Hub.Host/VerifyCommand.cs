using System.Globalization;
using Hub.Host.Configuration;
using Hub.Ledger.Verification;

namespace Hub.Host;

/// <summary>
/// <c>Hub.Host verify --config hub.json</c>: re-checks the local ledger (docs/ledger.md "Verification") and exits
/// 0 when intact, 1 naming the first bad reading or block, 78 on a config error, 69 when the store is unavailable.
/// </summary>
internal static class VerifyCommand
{
    public const string Verb = "verify";
    public const int Tampered = 1;

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Verb;

    public static int Run(string[] args)
    {
        IConfiguration configuration;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[1..], ContentRootPath = AppContext.BaseDirectory });
            builder.AddHubConfiguration(args[1..]);
            configuration = builder.Configuration;
        }
        catch (HubConfigurationException ex)
        {
            return ExitCodes.ConfigError(ex.Message);
        }

        VerifyReport report;
        try
        {
            report = LedgerVerifier.Verify(configuration);
        }
        catch (InvalidDataException ex)
        {
            return ExitCodes.ConfigError(ex.Message);
        }
        catch (Hub.Ledger.Storage.StoreCorruptException ex)
        {
            return ExitCodes.CorruptStore(ex.Message);
        }
        catch (FileNotFoundException ex)
        {
            return ExitCodes.CannotStart(ex.Message);
        }
        catch (IOException ex)
        {
            return ExitCodes.CannotStart($"{ex.Message} (is the hub running? stop it before verifying)");
        }

        if (!report.Intact)
        {
            Console.Error.WriteLine($"smartmeter: verify: FAILED: {report.Problem}");
            return Tampered;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"smartmeter: verify: intact: {report.Blocks} blocks, {report.Readings} readings ({report.Unsealed} not sealed yet); every leaf, hash, signature and verdict checks out"));
        return ChainCheck.Run(configuration);
    }
}
