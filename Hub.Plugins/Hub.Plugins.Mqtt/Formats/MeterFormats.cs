using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Formats;

/// <summary>The payload formats of mqtt meters (<c>Meters:N:Format</c>) and their default topics.</summary>
internal static class MeterFormats
{
    public const string Canonical = "canonical";
    public const string Tasmota = "tasmota";
    public const string ShellyGen2 = "shelly-gen2";
    public const string List = "canonical, tasmota or shelly-gen2";

    public static bool IsKnown(string format) => Normalize(format) is Canonical or Tasmota or ShellyGen2;

    public static string Normalize(string? format) => string.IsNullOrEmpty(format) ? Canonical : format.ToLowerInvariant();

    /// <summary>canonical: <c>smartmeter/{id}/reading</c>; tasmota: <c>tele/{id}/SENSOR</c>; shelly-gen2: <c>{id}/events/rpc</c>.</summary>
    public static string DefaultTopic(string? format, string meterId) => Normalize(format) switch
    {
        Tasmota => $"tele/{meterId}/SENSOR",
        ShellyGen2 => $"{meterId}/events/rpc",
        _ => $"smartmeter/{meterId}/reading",
    };

    /// <exception cref="ReadingFormatException">The payload is not a reading in that format.</exception>
    public static Reading Parse(string format, ReadOnlyMemory<byte> payload, string meterId, DateTimeOffset receivedAt) => Normalize(format) switch
    {
        Tasmota => TasmotaSensor.Parse(payload, meterId, receivedAt),
        ShellyGen2 => ShellyGen2Notification.Parse(payload, meterId, receivedAt),
        _ => ReadingJson.Parse(payload, meterId, receivedAt),
    };
}
