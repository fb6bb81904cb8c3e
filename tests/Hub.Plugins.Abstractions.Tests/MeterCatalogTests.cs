using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;

namespace Hub.Plugins.Abstractions.Tests;

public sealed class MeterCatalogTests
{
    private static MeterCatalog Catalog(params (string Id, string Plugin)[] meters)
    {
        var pairs = new Dictionary<string, string?>();
        for (var i = 0; i < meters.Length; i++)
        {
            pairs[$"Meters:{i}:Id"] = meters[i].Id;
            pairs[$"Meters:{i}:Plugin"] = meters[i].Plugin;
        }

        return new MeterCatalog(new ConfigurationBuilder().AddInMemoryCollection(pairs).Build());
    }

    [Fact]
    public void A_sound_meter_list_has_no_errors()
    {
        var catalog = Catalog(("house", "mqtt"), ("solar", "mqtt"));
        Assert.Empty(catalog.Validate(["mqtt"]));
        Assert.Equal("Meters:1", catalog.Find("solar")!.Section.Path);
        Assert.Equal(2, catalog.ForPlugin("mqtt").Count());
    }

    [Fact]
    public void Errors_name_the_key()
    {
        var errors = Catalog(("house", "mqtt"), ("House!", "mqtt"), ("house", "modbas")).Validate(["mqtt"]);
        Assert.Contains(errors, e => e.StartsWith("Meters:1:Id:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Meters:2:Id:", StringComparison.Ordinal) && e.Contains("used twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Meters:2:Plugin:", StringComparison.Ordinal) && e.Contains("modbas", StringComparison.Ordinal));
    }
}
