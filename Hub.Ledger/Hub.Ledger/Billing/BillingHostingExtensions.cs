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
        services.AddOptions<TariffOptions>()
            .Configure<IConfiguration>((options, configuration) => Bind(options, configuration.GetSection(TariffOptions.SectionName)))
            .ValidateOnStart();
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

    /// <summary>Binds, turning a value that does not convert into a validation failure naming its key (exit 78, not a crash).</summary>
    private static void Bind(TariffOptions options, IConfigurationSection section)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            var key = System.Text.RegularExpressions.Regex.Match(ex.Message, "at '([^']+)'") is { Success: true } m ? m.Groups[1].Value : TariffOptions.SectionName;
            var value = key == TariffOptions.SectionName ? null : section.GetSection(key[(TariffOptions.SectionName.Length + 1)..]).Value;
            options.BindError = value is null ? $"{key}: {ex.Message}" : $"{key}: '{value}' is not a valid value here (a number like 0.32, a time like 07:00).";
        }
    }
}
