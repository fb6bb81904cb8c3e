using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

/// <summary>Real MQTTnet clients against the broker under test.</summary>
public static class MqttTestClient
{
    public const string ValidReading =
        """{"timestamp":"2026-11-24T07:22:00.123Z","energyImportWh":12345.5,"energyExportWh":10.25,"powerW":-250.5,"voltageV":[230.1,231.2,229.9],"currentA":1.5,"frequencyHz":50.01,"seq":42}""";

    public static string Reading(ulong seq, double energyImportWh = 1000) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""{"energyImportWh":{{energyImportWh}},"powerW":100,"seq":{{seq}}}""");

    public static MqttClientOptions Options(int port, string? username, string? password, MqttProtocolVersion version = MqttProtocolVersion.V500, string? clientId = null)
    {
        var builder = new MqttClientFactory().CreateClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(version)
            .WithClientId(clientId ?? $"test-{Guid.NewGuid():N}")
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (username is not null)
        {
            builder.WithCredentials(username, password);
        }

        return builder.Build();
    }

    public static async Task<IMqttClient> ConnectAsync(int port, string? username, string? password, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options(port, username, password, version));
        return client;
    }

    public static Task<MqttClientPublishResult> PublishAsync(this IMqttClient client, string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, CancellationToken cancellationToken = default) =>
        client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build(),
            cancellationToken);
}
