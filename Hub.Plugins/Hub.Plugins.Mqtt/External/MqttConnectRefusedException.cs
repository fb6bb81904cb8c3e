namespace Hub.Plugins.Mqtt.External;

/// <summary>The external broker answered CONNECT with a refusal (bad credentials, client id rejected, ...).</summary>
public sealed class MqttConnectRefusedException : Exception
{
    public MqttConnectRefusedException()
    {
    }

    public MqttConnectRefusedException(string message)
        : base(message)
    {
    }

    public MqttConnectRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
