namespace Hub.Plugins.Dsmr;

public static class DsmrPluginInfo
{
    public const string Name = "dsmr";
}
