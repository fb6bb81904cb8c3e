using Hub.Plugins.Abstractions;
using Hub.Plugins.Http.Configuration;
using Hub.Plugins.Http.Poll;
using Hub.Plugins.Http.Push;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Http;

public static class HttpHostingExtensions
{
    /// <summary>
    /// Registers the http plugin: <c>POST /api/readings</c> for http meters (mapped by the web UI through
    /// <see cref="IPluginEndpoints"/>), the meters' tokens validated at start, and the health entry "http".
    /// </summary>
    public static IHostApplicationBuilder AddHttpMeters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMeterPlugin(HttpPluginInfo.Name);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HttpMetersOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpMetersOptions>, HttpMetersValidator>());
        services.AddSingleton<HttpMeterDirectory>();
        services.AddSingleton<PushCounters>();
        services.AddSingleton<PushHandler>();
        services.AddSingleton<IPluginEndpoints, PushEndpoint>();
        services.AddSingleton<IPluginHealth, HttpPluginHealth>();
        services.AddSingleton<IReadOnlyList<PolledMeter>>(sp => HttpMeterDirectory.PolledMeters(sp.GetRequiredService<MeterCatalog>()));
        services.AddHostedService<ShellyPollService>();
        return builder;
    }
}
