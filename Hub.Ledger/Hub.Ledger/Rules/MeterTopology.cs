using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>
/// Which meters are sub-meters of which (<c>Meters:N:Parent</c>), checked once: the parent must be a configured
/// meter, and following parents must never come back to a meter (no cycles).
/// </summary>
public sealed class MeterTopology
{
    private readonly Dictionary<string, string> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);

    private MeterTopology()
    {
    }

    /// <summary>Reads the parents from the catalog.</summary>
    /// <exception cref="InvalidDataException">An unknown parent or a cycle, naming the key.</exception>
    public static MeterTopology From(MeterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var topology = new MeterTopology();
        foreach (var meter in catalog.All)
        {
            if (meter.Section["Parent"] is not { Length: > 0 } parent)
            {
                continue;
            }

            if (string.Equals(parent, meter.Id, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{meter.KeyOf("Parent")}: meter '{meter.Id}' cannot be its own parent.");
            }

            if (catalog.Find(parent) is null)
            {
                throw new InvalidDataException($"{meter.KeyOf("Parent")}: '{parent}' is not the Id of a configured meter.");
            }

            topology._parents[meter.Id] = parent;
            if (!topology._children.TryGetValue(parent, out var children))
            {
                topology._children[parent] = children = [];
            }

            children.Add(meter.Id);
        }

        foreach (var meter in catalog.All)
        {
            var path = new List<string> { meter.Id };
            for (var at = meter.Id; topology._parents.TryGetValue(at, out var up); at = up)
            {
                if (path.Contains(up, StringComparer.Ordinal))
                {
                    path.Add(up);
                    throw new InvalidDataException($"{meter.KeyOf("Parent")}: the parents form a cycle ({string.Join(" → ", path)}); a main meter cannot be a sub-meter of its own sub-meters.");
                }

                path.Add(up);
            }
        }

        return topology;
    }

    /// <summary>The meter's main meter, or null.</summary>
    public string? ParentOf(string meterId) => _parents.GetValueOrDefault(meterId);

    /// <summary>The meter's sub-meters in config order (empty when it has none).</summary>
    public IReadOnlyList<string> SubMetersOf(string meterId) =>
        _children.TryGetValue(meterId, out var children) ? children : [];
}
