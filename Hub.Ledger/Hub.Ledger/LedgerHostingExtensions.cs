using Hub.Ledger.Blocks;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

public static class LedgerHostingExtensions
{
    /// <summary>
    /// Registers the staging store, the single writer behind the ingest channel, the rule engine, alerts and live
    /// events. Call it before the plugins, so that the store opens before they listen and closes after they stop.
    /// </summary>
    public static IHostApplicationBuilder AddHubLedger(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MeterCatalog>();
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LedgerOptions>, LedgerOptionsValidator>();
        services.AddOptions<RuleOptions>().BindConfiguration(RuleOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RuleOptions>, RuleOptionsValidator>();

        services.AddSingleton<LedgerStore>();
        services.AddSingleton<IReadingStore>(sp => sp.GetRequiredService<LedgerStore>());
        services.AddSingleton<HubEventBroadcaster>();
        services.AddSingleton<IHubEvents>(sp => sp.GetRequiredService<HubEventBroadcaster>());
        services.AddSingleton<MeterStatusBoard>();
        services.AddSingleton<IMeterStatusBoard>(sp => sp.GetRequiredService<MeterStatusBoard>());
        services.AddSingleton<IMeterStatusSink>(sp => sp.GetRequiredService<MeterStatusBoard>());
        services.AddSingleton<IIngestProblemSink>(sp => sp.GetRequiredService<MeterStatusBoard>());
        services.AddSingleton<IngestWriter>();
        services.AddSingleton<IReadingIngest>(sp => sp.GetRequiredService<IngestWriter>());
        services.AddHostedService<LedgerService>();
        services.AddSingleton<HubSigningKey>();
        services.AddSingleton<IBlockStore, LedgerBlocks>();
        services.AddHostedService<BlockSealerService>();
        Billing.BillingHostingExtensions.AddHubBilling(builder);

        // The P2P market's trading policy (Market section), checked at start even while trading is off.
        services.AddOptions<Market.MarketOptions>().BindConfiguration(Market.MarketOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Market.MarketOptions>, Market.MarketOptionsValidator>();

        // Outputs: the feed that publishers (the mqtt plugin's state topics) follow, and the alert webhook.
        services.AddSingleton<IHubOutputFeed, HubOutputFeed>();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddSingleton<AlertWebhookService>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertWebhookService>());
        services.AddSingleton<IOutputHealth>(sp => sp.GetRequiredService<AlertWebhookService>());

        // History at scale (issue 5 item 6): hourly/daily roll-ups behind /api/series, and retention.
        services.AddOptions<SeriesOptions>().BindConfiguration(SeriesOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SeriesOptions>, Series.SeriesOptionsValidator>();
        services.AddSingleton<ISeriesSource, Series.SeriesReader>();
        services.AddSingleton<IRetentionInfo, Retention.RetentionInfo>();
        services.AddHostedService<Series.SeriesService>();
        return builder;
    }
}
