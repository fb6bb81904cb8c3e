using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hub.Plugins.Abstractions;

/// <summary>The names of the plugins compiled into this hub; config validation checks <c>Meters:N:Plugin</c> against it.</summary>
public sealed class MeterPluginNames
{
    public MeterPluginNames(IEnumerable<MeterPluginName> names)
    {
        Names = names.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names { get; }
}

/// <summary>A plugin name registered in DI by <see cref="MeterPluginRegistration.AddMeterPlugin"/>.</summary>
public sealed record MeterPluginName(string Name);

/// <summary>Marker options whose validation checks the whole <c>Meters</c> array at start.</summary>
public sealed class MetersOptions;

public static class MeterPluginRegistration
{
    /// <summary>
    /// Declares a meter plugin: registers its name and, once for all plugins, the meter catalog and its
    /// validation at start (a bad <c>Meters</c> entry fails the boot with its key named).
    /// </summary>
    public static IServiceCollection AddMeterPlugin(this IServiceCollection services, string pluginName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginName);
        services.AddSingleton(new MeterPluginName(pluginName));
        services.TryAddSingleton<MeterPluginNames>();
        services.TryAddSingleton<MeterCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetersOptions>, MetersOptionsValidator>());
        services.AddOptions<MetersOptions>().ValidateOnStart();
        return services;
    }
}

internal sealed class MetersOptionsValidator(MeterCatalog catalog, MeterPluginNames plugins) : IValidateOptions<MetersOptions>
{
    public ValidateOptionsResult Validate(string? name, MetersOptions options)
    {
        var errors = catalog.Validate(plugins.Names);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
