namespace Hub.Plugins.Http;

internal static class HttpPluginInfo
{
    public const string Name = "http";

    /// <summary>The largest request body read; larger is 413.</summary>
    public const int MaxBodyBytes = 65536;
}
