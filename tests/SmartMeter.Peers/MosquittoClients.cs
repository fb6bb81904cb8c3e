using System.Globalization;
using System.Text;

namespace SmartMeter.Peers;

/// <summary>The Eclipse Mosquitto command-line clients as an independent MQTT implementation to publish with.</summary>
public static class MosquittoClients
{
    /// <summary>
    /// <c>mosquitto_pub -V mqttv311 -q 1 -h 127.0.0.1 -p port [-u user -P password] -t topic -s</c> with the payload
    /// on stdin. With QoS 1 it exits 0 only after the broker's PUBACK.
    /// </summary>
    public static async Task<PublishResult> PublishAsync(
        int port,
        string topic,
        ReadOnlyMemory<byte> payload,
        string? username = null,
        string? password = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var arguments = new List<string> { "-V", "mqttv311", "-q", "1", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) };
        if (username is not null)
        {
            arguments.AddRange(["-u", username]);
        }

        if (password is not null)
        {
            arguments.AddRange(["-P", password]);
        }

        arguments.AddRange(["-t", topic, "-s"]);
        await using var process = ChildProcess.Start("mosquitto_pub", "mosquitto_pub", arguments, redirectStandardInput: true);
        try
        {
            await process.StandardInput.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The broker may refuse before the whole payload is read (wrong password, too large): the exit code says why.
        }

        try
        {
            var exitCode = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            return new PublishResult(exitCode, process.Log);
        }
        catch (TimeoutException)
        {
            return new PublishResult(-1, process.Log);
        }
    }

    /// <summary>Publishes a UTF-8 text payload.</summary>
    public static Task<PublishResult> PublishAsync(int port, string topic, string payload, string? username = null, string? password = null, TimeSpan? timeout = null) =>
        PublishAsync(port, topic, Encoding.UTF8.GetBytes(payload), username, password, timeout);

    /// <summary>Publishes as <paramref name="meter"/> (its username and password) on its reading topic.</summary>
    public static Task<PublishResult> PublishAsync(int port, HubMeter meter, string payload, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return PublishAsync(port, meter.ReadingTopic, payload, meter.Username, meter.Password, timeout);
    }
}
