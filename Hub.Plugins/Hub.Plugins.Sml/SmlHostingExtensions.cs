using Hub.Plugins.Abstractions;
using Hub.Plugins.Sml.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Sml;

public static class SmlHostingExtensions
{
    /// <summary>Registers the sml plugin: every <c>"Plugin": "sml"</c> meter (validated at start), one reader each, health "sml".</summary>
    public static IHostApplicationBuilder AddSmlMeters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMeterPlugin(SmlPluginInfo.Name);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SmlOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmlOptions>, SmlOptionsValidator>());
        services.AddSingleton(sp =>
        {
            _ = sp.GetRequiredService<IOptions<SmlOptions>>().Value;
            return SmlSetupBuilder.Build(sp.GetRequiredService<MeterCatalog>(), []);
        });
        services.AddSingleton<SmlService>();
        services.AddHostedService(sp => sp.GetRequiredService<SmlService>());
        services.AddSingleton<IPluginHealth, SmlPluginHealth>();
        return builder;
    }
}
