using Microsoft.Extensions.Configuration;

namespace Hub.Plugins.Abstractions;

/// <summary>The configured meters, in the order of the <c>Meters</c> array.</summary>
public sealed class MeterCatalog
{
    private readonly Dictionary<string, MeterDescriptor> _byId = new(StringComparer.Ordinal);

    public MeterCatalog(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var meters = new List<MeterDescriptor>();
        foreach (var section in configuration.GetSection("Meters").GetChildren())
        {
            var descriptor = new MeterDescriptor(section["Id"] ?? string.Empty, section["Plugin"] ?? string.Empty, section);
            meters.Add(descriptor);
            _byId.TryAdd(descriptor.Id, descriptor);
        }

        All = meters;
    }

    public IReadOnlyList<MeterDescriptor> All { get; }

    public MeterDescriptor? Find(string meterId) => _byId.GetValueOrDefault(meterId);

    public IEnumerable<MeterDescriptor> ForPlugin(string plugin) =>
        All.Where(m => string.Equals(m.Plugin, plugin, StringComparison.Ordinal));

    /// <summary>Every problem with the <c>Meters</c> array, each naming its key; empty when it is sound.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyCollection<string> knownPlugins)
    {
        ArgumentNullException.ThrowIfNull(knownPlugins);
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var meter in All)
        {
            if (!MeterId.IsValid(meter.Id))
            {
                errors.Add($"{meter.KeyOf("Id")}: '{meter.Id}' is not a valid meter id; use 1 to 64 characters of a-z, 0-9 and '-'.");
            }
            else if (!seen.Add(meter.Id))
            {
                errors.Add($"{meter.KeyOf("Id")}: meter id '{meter.Id}' is used twice; each meter needs its own id.");
            }

            if (!knownPlugins.Contains(meter.Plugin))
            {
                var known = string.Join(", ", knownPlugins.Order(StringComparer.Ordinal));
                errors.Add($"{meter.KeyOf("Plugin")}: unknown plugin '{meter.Plugin}'; this hub has: {known}.");
            }
        }

        return errors;
    }
}
