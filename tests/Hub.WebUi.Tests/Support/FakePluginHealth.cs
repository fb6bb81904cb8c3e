using Hub.Plugins.Abstractions;

namespace Hub.WebUi.Tests.Support;

public sealed class FakePluginHealth(string name) : IPluginHealth
{
    public string PluginName { get; } = name;

    public PluginHealthReport Current { get; set; } = new(
        true,
        "listening",
        new Dictionary<string, object?> { ["port"] = 1883, ["clients"] = 2L, ["bind"] = "0.0.0.0" });

    public PluginHealthReport Report() => Current;
}
