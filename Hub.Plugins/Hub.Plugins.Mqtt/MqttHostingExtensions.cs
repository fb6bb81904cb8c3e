using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Configuration;
using Hub.Plugins.Mqtt.Embedded;
using Hub.Plugins.Mqtt.External;
using Hub.Plugins.Mqtt.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Mqtt;

public static class MqttHostingExtensions
{
    /// <summary>
    /// Registers the mqtt plugin: the embedded broker and the external-broker client for the <c>mqtt</c> meters, the
    /// <c>Mqtt</c> options (validated at start, each error naming its key) and the <see cref="IPluginHealth"/> "mqtt".
    /// The host must register <see cref="IReadingIngest"/>, <see cref="IIngestProblemSink"/> and
    /// <see cref="IMeterStatusSink"/>; <see cref="TimeProvider"/> defaults to the system clock. With an
    /// <see cref="IHubOutputFeed"/> registered, stored readings, meter status and alerts are published (docs/home-assistant.md).
    /// </summary>
    public static IHostApplicationBuilder AddMqttMeters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMeterPlugin(MqttPluginInfo.Name);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>());

        // Resolved after validation: IOptions.Value throws if the configuration is invalid.
        services.AddSingleton(sp => MqttTopologyBuilder.Build(sp.GetRequiredService<IOptions<MqttOptions>>().Value, sp.GetRequiredService<MeterCatalog>(), []));
        services.AddSingleton<MqttPluginCounters>();
        services.AddSingleton<MqttPluginStatus>();
        services.AddSingleton<MqttProblemReporter>();
        services.AddSingleton<MeterPresence>();
        services.AddSingleton<ReadingOutcomes>();
        services.AddSingleton<BrokerAccessRules>();
        services.AddSingleton<BrokerConnectionRegistry>();
        services.AddSingleton<EmbeddedPublishPipeline>();
        services.AddSingleton<BrokerSessionEvents>();
        services.AddSingleton<HomeAssistant.HomeAssistantPublisher>();
        services.AddSingleton<Output.OutputCounters>();
        services.AddSingleton<Output.RetainedOutputs>();
        services.AddSingleton<Output.EmbeddedOutput>();
        services.AddSingleton<Output.ExternalOutput>();
        services.AddHostedService<EmbeddedBrokerService>();
        services.AddHostedService<ExternalBrokerService>();
        services.AddHostedService(sp => sp.GetRequiredService<Output.ExternalOutput>());
        services.AddHostedService<Output.MqttOutputService>();
        services.AddSingleton<IPluginHealth, MqttPluginHealth>();
        services.AddSingleton<IOutputHealth, Output.MqttOutputHealth>();
        return builder;
    }
}
