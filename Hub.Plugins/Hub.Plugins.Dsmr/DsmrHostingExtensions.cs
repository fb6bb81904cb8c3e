using Hub.Plugins.Abstractions;
using Hub.Plugins.Dsmr.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Dsmr;

public static class DsmrHostingExtensions
{
    /// <summary>
    /// Registers the dsmr plugin: every <c>"Plugin": "dsmr"</c> meter (validated at start, each error naming its key),
    /// one stream reader per P1 port, and the <see cref="IPluginHealth"/> "dsmr".
    /// </summary>
    public static IHostApplicationBuilder AddDsmrMeters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMeterPlugin(DsmrPluginInfo.Name);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DsmrOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DsmrOptions>, DsmrOptionsValidator>());

        // Resolved after validation: IOptions.Value throws if the configuration is invalid.
        services.AddSingleton(sp =>
        {
            _ = sp.GetRequiredService<IOptions<DsmrOptions>>().Value;
            return DsmrSetupBuilder.Build(sp.GetRequiredService<MeterCatalog>(), []);
        });
        services.AddSingleton<DsmrService>();
        services.AddHostedService(sp => sp.GetRequiredService<DsmrService>());
        services.AddSingleton<IPluginHealth, DsmrPluginHealth>();
        return builder;
    }
}
