using Hub.Ledger.Chain;

namespace Hub.Host;

/// <summary>
/// The chain part of <c>verify</c> (docs/ledger.md): with <c>Chain</c> configured and reachable, every anchored
/// height's root on chain must equal the local block's; a mismatch names the block (exit 1). An unreachable chain
/// is said and the local checks decide.
/// </summary>
internal static class ChainCheck
{
    public static int Run(IConfiguration configuration)
    {
        var report = ChainRootCheck.CheckAsync(configuration).GetAwaiter().GetResult();
        switch (report.Outcome)
        {
            case ChainCheckOutcome.Failed:
                Console.Error.WriteLine($"smartmeter: verify: FAILED: chain: {report.Message}");
                return VerifyCommand.Tampered;
            case ChainCheckOutcome.Unreachable:
                Console.WriteLine($"smartmeter: verify: chain: not checked: {report.Message}; the local checks above decide");
                return ExitCodes.Ok;
            case ChainCheckOutcome.Matches:
                Console.WriteLine($"smartmeter: verify: chain: {report.Message}");
                return ExitCodes.Ok;
            default:
                return ExitCodes.Ok;
        }
    }
}
