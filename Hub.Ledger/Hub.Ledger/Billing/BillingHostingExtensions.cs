using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Ledger.Billing;

internal static class BillingHostingExtensions
{
    /// <summary>
    /// The bill book (always, so the API answers with an empty list) and, when <c>hub.json</c> has a <c>Tariff</c>
    /// section, its validation at start and the service that issues bills.
    /// </summary>
    public static void AddHubBilling(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var enabled = builder.Configuration.GetSection(TariffOptions.SectionName).Exists();
        services.AddOptions<TariffOptions>().BindConfiguration(TariffOptions.SectionName).ValidateOnStart();
        if (enabled)
        {
            services.AddSingleton<IValidateOptions<TariffOptions>, TariffOptionsValidator>();
        }

        services.AddSingleton(sp => new BillingConfig(enabled ? Tariff.Create(sp.GetRequiredService<IOptions<TariffOptions>>().Value, out _) : null));
        services.AddSingleton<BillBook>();
        services.AddSingleton<IBillBook>(sp => sp.GetRequiredService<BillBook>());
        services.AddSingleton<IBillSettlementFeed>(sp => sp.GetRequiredService<BillBook>());
        if (enabled)
        {
            services.AddSingleton(sp => new BillIssuer(
                sp.GetRequiredService<BillingConfig>().Tariff!,
                sp.GetRequiredService<IOptions<RuleOptions>>().Value,
                [.. sp.GetRequiredService<IOptions<TariffOptions>>().Value.Meters],
                sp.GetRequiredService<IOptions<TariffOptions>>().Value.IssueDelaySeconds));
            services.AddSingleton<BillingService>();
            services.AddHostedService(sp => sp.GetRequiredService<BillingService>());
        }
    }
}
