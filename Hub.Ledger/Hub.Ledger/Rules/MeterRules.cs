using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>Per-meter rule settings from the meter's entry in <c>Meters</c>.</summary>
/// <param name="MaxPowerW">The meter's rated maximum power (<c>Meters:N:MaxPowerW</c>); Rules:MaxPowerW when null.</param>
/// <param name="SignerAddress">The 20-byte address of the meter's key (<c>Meters:N:PublicKey</c>); null when it does not sign.</param>
public sealed record MeterRules(double? MaxPowerW, byte[]? SignerAddress)
{
    public static readonly MeterRules None = new(null, null);

    /// <summary>The main meter this one is a sub-meter of (<c>Meters:N:Parent</c>); null for a meter without one.</summary>
    public string? Parent { get; init; }

    /// <summary>For a sub-meter: every sub-meter of <see cref="Parent"/> (this one included), in config order.</summary>
    public IReadOnlyList<string> SubMeters { get; init; } = [];

    /// <summary>Whether the meter is a sub-meter or has sub-meters, and so keeps a <see cref="MeterHistory.Trail"/>.</summary>
    public bool KeepsTrail { get; init; }

    /// <summary>Reads a meter's settings and its place among the sub-meters (<paramref name="topology"/>).</summary>
    public static MeterRules From(MeterDescriptor? meter, MeterTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var rules = From(meter);
        if (meter is null)
        {
            return rules;
        }

        var parent = topology.ParentOf(meter.Id);
        return rules with
        {
            Parent = parent,
            SubMeters = parent is null ? [] : topology.SubMetersOf(parent),
            KeepsTrail = parent is not null || topology.SubMetersOf(meter.Id).Count > 0,
        };
    }

    /// <summary>Reads a meter's settings; a bad value is an <see cref="InvalidDataException"/> naming the key.</summary>
    public static MeterRules From(MeterDescriptor? meter)
    {
        if (meter is null)
        {
            return None;
        }

        double? maxPower = null;
        if (meter.Section["MaxPowerW"] is { Length: > 0 } text)
        {
            maxPower = double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)
                ? v
                : throw new InvalidDataException($"{meter.KeyOf("MaxPowerW")}: '{text}' must be a positive number of watts.");
        }

        byte[]? signer = null;
        if (meter.Section["PublicKey"] is { Length: > 0 } key)
        {
            try
            {
                var bytes = Hex.Decode(key);
                signer = bytes.Length == 20 ? bytes : Secp256k1.AddressOf(Secp256k1.NormalizePublicKey(bytes));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new InvalidDataException($"{meter.KeyOf("PublicKey")}: not a secp256k1 public key (hex: 64 or 65 bytes uncompressed, 33 compressed) or a 20-byte address: {ex.Message}", ex);
            }
        }

        return new MeterRules(maxPower, signer);
    }
}
