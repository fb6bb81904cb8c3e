using Hub.Plugins.Modbus.Polling;
using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.SunSpec;

/// <summary>
/// Reads a SunSpec device: discovers the model once, then reads the points it needs in one request per poll and
/// applies the scale factors (value = raw x 10^sf). "Not implemented" values (int16 0x8000, uint16 0xFFFF,
/// int32 0x80000000, uint32 0xFFFFFFFF, sunssf 0x8000) are left out.
/// </summary>
public sealed class SunSpecReader : IMeterReader
{
    private readonly SunSpecProfile _profile;
    private SunSpecModelLocation? _model;

    public SunSpecReader(SunSpecProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
    }

    /// <summary>The model in use, once discovered.</summary>
    public SunSpecModelLocation? Model => _model;

    public int LastRequestCount { get; private set; }

    public async Task<ReadingBuilder> ReadAsync(IModbusClient client, byte unitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        _model ??= await SunSpecDiscovery.DiscoverAsync(client, unitId, _profile, cancellationToken).ConfigureAwait(false);

        var model = _model;
        var count = (ushort)Math.Min(model.Length, Needed(model.Map));
        ushort[] registers;
        try
        {
            registers = await SunSpecDiscovery.Read(client, unitId, _profile.Function, model.DataStart, count, cancellationToken).ConfigureAwait(false);
        }
        catch (ModbusException)
        {
            // The map moved (firmware update, other device at this address): discover again next time.
            _model = null;
            throw;
        }

        // Discovery happens once; each poll then reads the model in one request.
        LastRequestCount = 1;
        return Decode(model.Map, registers);
    }

    /// <summary>Decodes a model's registers (starting after ID and L).</summary>
    public static ReadingBuilder Decode(SunSpecModelMap map, ReadOnlySpan<ushort> registers)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = new ReadingBuilder();
        foreach (var point in map.Points)
        {
            var width = point.Type.Width();
            if (point.Offset + width > registers.Length)
            {
                continue;
            }

            var raw = registers.Slice(point.Offset, width);
            if (IsNotImplemented(point.Type, raw))
            {
                continue;
            }

            var exponent = 0;
            if (point.ScaleFactorOffset is { } sfOffset)
            {
                if (sfOffset >= registers.Length || registers[sfOffset] == 0x8000)
                {
                    continue;
                }

                exponent = unchecked((short)registers[sfOffset]);
                if (exponent is < -10 or > 10)
                {
                    continue;
                }
            }

            builder.Set(point.Field, point.Type.Decode(raw, WordOrder.Abcd) * Math.Pow(10, exponent) * point.Scale);
        }

        return builder;
    }

    private static int Needed(SunSpecModelMap map) =>
        map.Points.Max(p => Math.Max(p.Offset + p.Type.Width(), (p.ScaleFactorOffset ?? 0) + 1));

    private static bool IsNotImplemented(RegisterDataType type, ReadOnlySpan<ushort> raw) => type switch
    {
        RegisterDataType.Int16 => raw[0] == 0x8000,
        RegisterDataType.UInt16 => raw[0] == 0xFFFF,
        RegisterDataType.Int32 => raw[0] == 0x8000 && raw[1] == 0,
        RegisterDataType.UInt32 => raw[0] == 0xFFFF && raw[1] == 0xFFFF,
        _ => false,
    };
}
