using Hub.Plugins.Abstractions;
using Hub.Plugins.Coap.Configuration;
using Hub.Plugins.Coap.Ingest;
using Hub.Plugins.Coap.Observe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Coap;

public static class CoapHostingExtensions
{
    /// <summary>
    /// Registers the coap plugin: the CoAP server (<c>Coap:Port</c>, <c>Coap:BindAddress</c>), the observe client for
    /// meters with <c>"Mode": "observe"</c>, the <c>Coap</c> options (validated at start) and the health entry "coap".
    /// The host must register <see cref="IReadingIngest"/>, <see cref="IIngestProblemSink"/> and <see cref="IMeterStatusSink"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCoapMeters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMeterPlugin(CoapPluginInfo.Name);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CoapOptions>().BindConfiguration(CoapOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoapOptions>, CoapOptionsValidator>());
        services.AddSingleton<CoapMeterDirectory>();
        services.AddSingleton<CoapPayloadDecoder>();
        services.AddSingleton<CoapCounters>();
        services.AddSingleton<CoapPluginStatus>();
        services.AddSingleton<CoapProblemReporter>();
        services.AddSingleton<CoapIngestor>();
        services.AddSingleton<ReadingsResource>();
        services.AddHostedService<CoapServerService>();
        services.AddHostedService<CoapObserveService>();
        services.AddSingleton<IPluginHealth, CoapPluginHealth>();
        return builder;
    }
}
