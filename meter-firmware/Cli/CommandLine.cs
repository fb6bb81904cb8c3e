using System.Globalization;
using System.Numerics;
using System.Text;
using Hub.Plugins.Abstractions;
using MeterFirmware.Sensors;
using MeterFirmware.Uplink;

namespace MeterFirmware.Cli;

/// <summary>Parses the firmware's command line; every mistake becomes a <see cref="UsageException"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: meter-firmware --meter-id ID --profile household|solar --state-dir DIR
                              (--mqtt mqtt://USER:PASSWORD@HOST:PORT | --coap coap://HOST:PORT | --http http://HOST:PORT --token T)
                              [--modbus tcp://HOST:PORT [--unit-id 1]]
                              [--interval 1s] [--speed 1] [--seed N] [--count N] [--buffer 10000] [--start HH:mm] [--verbose]
                              [--key-file PATH]
               meter-firmware --print-public-key --key-file PATH

          --meter-id ID     the meter's id, [a-z0-9-]{1,64}; readings go to smartmeter/ID/reading
          --profile P       simulated sensor: household (grid import) or solar (PV export)
          --mqtt URL        the broker, mqtt://USER:PASSWORD@HOST:PORT (port 1883 by default; percent-encode odd characters)
          --coap URL        publish to the hub's CoAP plugin instead: confirmable POST /readings, SenML JSON
          --http URL        publish to the hub's HTTP plugin instead: POST /api/readings with --token as Bearer token
          --token T         the meter's token for --http (Meters:N:Token in hub.json)
          --modbus URL      also (or, without --mqtt, only) serve the readings as an Eastron SDM630's input registers
                            over Modbus TCP, e.g. tcp://127.0.0.1:1502
          --unit-id N       the Modbus unit id to answer to, 1..247 (default 1)
          --state-dir DIR   where the counters, the seq and unsent readings survive reboots
          --interval T      time between readings: 500ms, 1s, 5s, 2m (default 1s)
          --speed X         simulated seconds per real second, e.g. 60 = a minute per second (default 1)
          --seed N          seed of the simulation (default: derived from the meter id)
          --count N         stop (exit 0) once N readings were taken and all were acknowledged
          --buffer N        most readings kept while the broker is away; the oldest are dropped beyond (default 10000)
          --start HH:mm     simulated local time of day to start at (default: now)
          --verbose         log every reading, not only connection changes
          --key-file PATH   sign every reading with this secp256k1 key (0x + 64 hex; created, mode 0600, if missing)
          --print-public-key  print the key's public key (for Meters:N:PublicKey in hub.json) and exit
        """;

    private static readonly string[] UplinkNames = ["mqtt", "coap", "http"];

    /// <exception cref="UsageException">The arguments are wrong.</exception>
    public static FirmwareOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--verbose")
            {
                verbose = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{arg}'.");
            }

            string name, value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"--{name} needs a value.");
                }

                value = args[++i];
            }

            if (!IsKnown(name))
            {
                throw new UsageException($"unknown option --{name}.");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"--{name} is given twice.");
            }
        }

        var meterId = Required(values, "meter-id");
        if (!MeterId.IsValid(meterId))
        {
            throw new UsageException($"--meter-id '{meterId}' is not a valid meter id ({MeterId.Pattern}).");
        }

        var uplinks = UplinkNames.Where(values.ContainsKey).ToList();
        if (uplinks.Count > 1)
        {
            throw new UsageException($"give only one of --mqtt, --coap, --http (got --{string.Join(" and --", uplinks)}).");
        }

        if (values.ContainsKey("token") != values.ContainsKey("http"))
        {
            throw new UsageException("--http and --token go together.");
        }

        var needsMqtt = uplinks.Count == 0 && !values.ContainsKey("modbus");
        return new FirmwareOptions
        {
            MeterId = meterId,
            Profile = ParseProfile(Required(values, "profile")),
            Broker = values.ContainsKey("mqtt") || needsMqtt ? ParseBroker(Required(values, "mqtt")) : null,
            Coap = values.TryGetValue("coap", out var coap) ? UplinkOption.ParseCoap(coap) : null,
            Http = values.TryGetValue("http", out var http) ? UplinkOption.ParseHttp(http) : null,
            Token = values.TryGetValue("token", out var token) ? UplinkOption.ParseToken(token) : null,
            Modbus = values.TryGetValue("modbus", out var modbus) ? ModbusOption.ParseEndPoint(modbus) : null,
            ModbusUnitId = values.TryGetValue("unit-id", out var unitId) ? ModbusOption.ParseUnitId(unitId) : (byte)1,
            StateDirectory = Required(values, "state-dir"),
            Interval = values.TryGetValue("interval", out var interval) ? ParseInterval(interval) : TimeSpan.FromSeconds(1),
            Speed = values.TryGetValue("speed", out var speed) ? ParseSpeed(speed) : 1,
            Seed = values.TryGetValue("seed", out var seed) ? ParseWhole<ulong>(seed, "seed", 0) : SeedOf(meterId),
            Count = values.TryGetValue("count", out var count) ? ParseWhole<long>(count, "count", 1) : null,
            BufferCapacity = values.TryGetValue("buffer", out var buffer) ? ParseWhole<int>(buffer, "buffer", 1) : 10_000,
            SimulatedStart = values.TryGetValue("start", out var start) ? ParseStart(start) : null,
            Verbose = verbose,
            KeyFile = values.GetValueOrDefault("key-file"),
        };
    }

    /// <summary>Parses <c>500ms</c>, <c>1s</c>, <c>5s</c>, <c>2m</c>; at least 50 ms, at most a day.</summary>
    public static TimeSpan ParseInterval(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        (string Suffix, double Milliseconds)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, ms) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                var interval = TimeSpan.FromMilliseconds(number * ms);
                if (interval < TimeSpan.FromMilliseconds(50) || interval > TimeSpan.FromDays(1))
                {
                    throw new UsageException($"--interval {text} is out of range (50ms to 24h).");
                }

                return interval;
            }
        }

        throw new UsageException($"--interval '{text}' is not a duration like 500ms, 1s, 5s or 2m.");
    }

    /// <summary>A stable default seed per meter (FNV-1a of the id), so each meter has its own curve run after run.</summary>
    public static ulong SeedOf(string meterId)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(meterId))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static bool IsKnown(string name) =>
        name is "meter-id" or "profile" or "mqtt" or "state-dir" or "interval" or "speed" or "seed" or "count" or "buffer" or "start" or "modbus" or "unit-id" or "coap" or "http" or "token" or "key-file";

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new UsageException($"--{name} is required.");

    private static SensorProfile ParseProfile(string text) => text switch
    {
        "household" => SensorProfile.Household,
        "solar" => SensorProfile.Solar,
        _ => throw new UsageException($"--profile '{text}' is not one of household, solar."),
    };

    private static MqttUrl ParseBroker(string text)
    {
        try
        {
            return MqttUrl.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--mqtt: {ex.Message}", ex);
        }
    }

    private static double ParseSpeed(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var speed) && speed > 0 && speed <= 100_000
            ? speed
            : throw new UsageException($"--speed '{text}' is not a number from just above 0 to 100000.");

    private static T ParseWhole<T>(string text, string name, T minimum)
        where T : struct, INumber<T>
    {
        return T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new UsageException($"--{name} '{text}' is not a whole number ≥ {minimum}.");
    }

    private static TimeOnly ParseStart(string text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            ? start
            : throw new UsageException($"--start '{text}' is not a time of day like 06:00.");
}
