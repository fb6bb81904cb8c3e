using MeterFirmware.Sensors;
using MeterFirmware.Uplink;

namespace MeterFirmware.Cli;

/// <summary>The parsed command line (see <see cref="CommandLine.Usage"/>).</summary>
internal sealed record FirmwareOptions
{
    public required string MeterId { get; init; }

    public required SensorProfile Profile { get; init; }

    /// <summary>The broker to publish to; null in Modbus-only mode.</summary>
    public MqttUrl? Broker { get; init; }

    /// <summary>The hub's CoAP endpoint (--coap); null unless publishing over CoAP.</summary>
    public System.Net.IPEndPoint? Coap { get; init; }

    /// <summary>The hub's base URL (--http); null unless publishing over HTTP.</summary>
    public Uri? Http { get; init; }

    /// <summary>The bearer token for --http.</summary>
    public string? Token { get; init; }

    /// <summary>Where to serve the SDM630 register map over Modbus TCP; null for no Modbus face.</summary>
    public System.Net.IPEndPoint? Modbus { get; init; }

    /// <summary>The unit id the Modbus face answers to.</summary>
    public byte ModbusUnitId { get; init; } = 1;

    public required string StateDirectory { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; init; } = 1;

    public required ulong Seed { get; init; }

    /// <summary>Stop after this many readings were taken and acknowledged; null = run until stopped.</summary>
    public long? Count { get; init; }

    /// <summary>The most readings kept while the broker is away.</summary>
    public int BufferCapacity { get; init; } = 10_000;

    /// <summary>Simulated local time of day to start at; null = now.</summary>
    public TimeOnly? SimulatedStart { get; init; }

    public bool Verbose { get; init; }

    /// <summary>The meter's signing key file (--key-file); null = readings go unsigned.</summary>
    public string? KeyFile { get; init; }

    public string Topic => $"smartmeter/{MeterId}/reading";
}
