namespace Hub.Plugins.Coap;

internal static class CoapPluginInfo
{
    public const string Name = "coap";
}
