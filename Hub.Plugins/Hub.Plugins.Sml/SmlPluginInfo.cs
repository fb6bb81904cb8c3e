namespace Hub.Plugins.Sml;

public static class SmlPluginInfo
{
    public const string Name = "sml";
}
