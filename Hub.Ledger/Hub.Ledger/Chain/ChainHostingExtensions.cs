using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Chain;

public static class ChainHostingExtensions
{
    /// <summary>
    /// Registers the chain sync (docs/config.md "Chain") and <see cref="IChainStatus"/>. Call after
    /// <see cref="LedgerHostingExtensions.AddHubLedger"/>: the sync starts after the store opens and stops before it closes.
    /// Without <c>Chain:RpcUrl</c> nothing runs and the status is <c>not-configured</c>.
    /// </summary>
    public static IHostApplicationBuilder AddHubChain(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.SectionName).ValidateOnStart();
        services.AddSingleton<ChainDeploymentFile>();
        services.AddSingleton<IValidateOptions<ChainOptions>, ChainOptionsValidator>();
        services.AddSingleton<ChainOutbox>();
        services.AddSingleton(sp => new ChainStatusBoard(sp.GetRequiredService<LedgerStore>(), sp.GetRequiredService<IOptions<ChainOptions>>().Value));
        services.AddSingleton<IChainStatus>(sp => sp.GetRequiredService<ChainStatusBoard>());
        services.AddSingleton<IBillSettlementStatus>(sp => new ChainBillStatus(sp.GetRequiredService<LedgerStore>(), sp.GetRequiredService<IOptions<ChainOptions>>().Value));
        services.AddSingleton<Market.MarketStore>();
        services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<IOptions<ChainOptions>>().Value;
            var tariff = sp.GetRequiredService<Billing.BillingConfig>().Tariff;
            var prices = new Market.MarketPrices(chain.AmountFactor, tariff?.MinorDigits ?? 2);
            return new Market.MarketBoard(sp.GetRequiredService<IOptions<Market.MarketOptions>>().Value, sp.GetRequiredService<Market.MarketStore>(),
                sp.GetRequiredService<IChainStatus>(), prices, tariff, chain.IsConfigured && MarketDeployed(chain, sp.GetRequiredService<ChainDeploymentFile>()), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<Market.IMarketView>(sp => sp.GetRequiredService<Market.MarketBoard>());
        services.AddHostedService<ChainSyncService>();
        return builder;
    }

    /// <summary>The deployment file names an EnergyMarket (a file that does not load is reported by the options' validation).</summary>
    private static bool MarketDeployed(ChainOptions chain, ChainDeploymentFile file)
    {
        try
        {
            return file.Load(chain.Contracts!).EnergyMarket is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
