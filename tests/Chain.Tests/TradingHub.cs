using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// One neighbour of the market e2e: a real Hub.Host with <c>Chain</c> (its own key and deployment file),
/// <c>Market</c> (its policy) and a tariff, and its grid meter <c>grid</c> publishing a reading a second over MQTT with
/// counters from <c>counters(Unix seconds)</c>. The meter keeps publishing across a restart of the hub (it reconnects).
/// With a meter key, the meter signs every reading and the hub's <c>Meters:N:PublicKey</c> is that key's (the key a
/// registrar vouches for in a market of vouched meters).
/// </summary>
internal sealed class TradingHub : IAsyncDisposable
{
    public const string MeterId = "grid";
    private readonly Func<double, (double Import, double Export)> _counters;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _name;
    private readonly Secp256k1Key? _meterKey;
    private Task? _meter;
    private ulong _seq;

    private TradingHub(string name, Deployment deployment, HubConfig config, Func<double, (double Import, double Export)> counters, Secp256k1Key? meterKey)
    {
        _name = name;
        _meterKey = meterKey;
        Deployment = deployment;
        Config = config;
        _counters = counters;
    }

    public Deployment Deployment { get; }

    public HubConfig Config { get; private set; }

    public HubProcess Hub { get; private set; } = null!;

    public static async Task<TradingHub> StartAsync(TestDirectory directory, AnvilNode anvil, string name, Deployment deployment, string mode, Func<double, (double Import, double Export)> counters,
        Secp256k1Key? meterKey = null)
    {
        var chain = new JsonObject
        {
            ["RpcUrl"] = anvil.Url,
            ["Contracts"] = deployment.File,
            ["KeyFile"] = deployment.HubKeyFile,
            ["PollSeconds"] = 0.3,
            ["MaxBackoffSeconds"] = 1,
            ["RpcTimeoutSeconds"] = 5,
        };
        var policy = new JsonObject
        {
            ["Mode"] = mode,
            ["Meter"] = MeterId,
            ["IntervalSeconds"] = 20,
            ["OrderLeadSeconds"] = 2,
            ["LookbackIntervals"] = 1,
            ["SellThresholdWh"] = 0,
            ["MinSellPricePerKwh"] = 0.10,
            ["MaxBuyWhPerInterval"] = 60,
            ["MaxBuyPricePerKwh"] = 0.30,
        };
        var tariff = new JsonObject
        {
            ["Currency"] = "EUR",
            ["TimeZone"] = "Europe/Berlin",
            ["ImportPricePerKwh"] = 0.28,
            ["ExportPricePerKwh"] = 0.08,
        };
        // A signing meter is written as given (its PublicKey is not one of HubMeter's settings).
        var config = (meterKey is null ? HubConfig.Create(directory.Combine(name), MeterId) : HubConfig.Create(directory.Combine(name)) with
        {
            OtherMeters =
            [
                new JsonObject { ["Id"] = MeterId, ["Plugin"] = "mqtt", ["Password"] = new HubMeter(MeterId).Password, ["PublicKey"] = Hex.Encode(meterKey.PublicKey) },
            ],
        }) with
        {
            HubSettings = new Dictionary<string, double> { ["BlockSeconds"] = 1 },
            ExtraSections = new Dictionary<string, JsonNode> { ["Chain"] = chain, ["Market"] = policy, ["Tariff"] = tariff },
        };
        var hub = new TradingHub(name, deployment, config, counters, meterKey);
        hub.Hub = await HubProcess.StartAsync(config, directory.Combine(name + "-hub.json"));
        hub._meter = hub.PublishAsync(hub._stop.Token);
        return hub;
    }

    /// <summary>The hub's orders (GET /api/market/offers).</summary>
    public async Task<IReadOnlyList<JsonElement>> OrdersAsync() =>
        [.. (await Hub.GetJsonAsync("/api/market/offers?limit=200")).GetProperty("items").EnumerateArray()];

    /// <summary>Stops the hub process (SIGTERM); the meter keeps trying to publish.</summary>
    public async Task StopAsync() => await Hub.DisposeAsync();

    /// <summary>The same hub on the same data, on fresh ports (the meter reconnects to the new broker port).</summary>
    public async Task RestartAsync(TestDirectory directory)
    {
        Config = Config.WithFreshPorts();
        Hub = await HubProcess.StartAsync(Config, directory.Combine(_name + "-hub.json"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_meter is not null)
        {
            try
            {
                await _meter;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Hub.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>A reading a second (timestamps on the wall clock), reconnecting while the hub is down.</summary>
    private async Task PublishAsync(CancellationToken ct)
    {
        MeterClient? client = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var now = ReadingJson.TruncateToMilliseconds(DateTimeOffset.UtcNow);
                var (import, export) = _counters(now.ToUnixTimeMilliseconds() / 1000.0);
                var reading = new Reading
                {
                    MeterId = MeterId,
                    Timestamp = now,
                    EnergyImportWh = Math.Round(import, 3),
                    EnergyExportWh = Math.Round(export, 3),
                    PowerW = 1000,
                    VoltageV = [230.0],
                    CurrentA = [4.3],
                    FrequencyHz = 50.0,
                    Seq = ++_seq,
                };
                if (_meterKey is not null)
                {
                    reading = reading with { Signature = _meterKey.Sign(CanonicalEncoding.ReadingHash(reading)).ToHex() };
                }

                try
                {
                    client ??= await MeterClient.ConnectAsync(Config.BrokerPort!.Value, new HubMeter(MeterId), ct);
                    await client.PublishAsync(reading, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The hub is down: this reading is lost (as a real meter without a spool would lose it); reconnect next second.
                    if (client is not null)
                    {
                        await client.DisposeAsync();
                        client = null;
                    }
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_name} ({Hub})");
}
