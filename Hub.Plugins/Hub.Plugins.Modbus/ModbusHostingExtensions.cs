using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Configuration;
using Hub.Plugins.Modbus.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Modbus;

public static class ModbusHostingExtensions
{
    /// <summary>
    /// Registers the modbus plugin: the <c>Modbus</c> options and every <c>"Plugin": "modbus"</c> meter (validated
    /// at start, each error naming its key or profile file), one polling coordinator per meter, one client per bus,
    /// and the <see cref="IPluginHealth"/> "modbus". The host must register <see cref="IReadingIngest"/>,
    /// <see cref="IIngestProblemSink"/> and <see cref="IMeterStatusSink"/>; <see cref="TimeProvider"/> defaults to the system clock.
    /// </summary>
    public static IHostApplicationBuilder AddModbusMeters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMeterPlugin(ModbusPluginInfo.Name);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ModbusOptions>().BindConfiguration(ModbusOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModbusOptions>, ModbusOptionsValidator>());

        // Resolved after validation: IOptions.Value throws if the configuration is invalid.
        services.AddSingleton(sp => ModbusSetupBuilder.Build(sp.GetRequiredService<IOptions<ModbusOptions>>().Value, sp.GetRequiredService<MeterCatalog>(), []));
        services.AddSingleton(sp => new ModbusBuses(sp.GetRequiredService<ModbusSetup>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ModbusPollingService>();
        services.AddHostedService(sp => sp.GetRequiredService<ModbusPollingService>());
        services.AddSingleton<IPluginHealth, ModbusPluginHealth>();
        return builder;
    }
}
