namespace Hub.Plugins.Sml.Protocol;

/// <summary>One SML_ListEntry of a GetList.Res: OBIS, unit (DLMS code, e.g. 30 = Wh), scaler, value.</summary>
/// <param name="Obis">The object name as A-B:C.D.E*F.</param>
/// <param name="Unit">DLMS/COSEM unit code (IEC 62056-62): 27 W, 30 Wh, 33 A, 35 V, 44 Hz; null when not sent.</param>
/// <param name="Scaler">Power of ten the value is multiplied by; 0 when not sent.</param>
/// <param name="Value">The raw value: long, ulong, bool or byte[].</param>
public sealed record SmlEntry(string Obis, byte? Unit, sbyte Scaler, object Value)
{
    /// <summary>The value times 10^scaler, or null for a value that is not a number.</summary>
    public decimal? Scaled => Value switch
    {
        long l => Scale(l),
        ulong u => Scale(u),
        _ => null,
    };

    private decimal Scale(decimal raw)
    {
        var result = raw;
        for (var i = 0; i < Math.Abs((int)Scaler); i++)
        {
            result = Scaler > 0 ? result * 10 : result / 10;
        }

        return result;
    }
}

/// <summary>What one SML file said: the meter's server id and the values of its GetList.Res.</summary>
public sealed record SmlFile(byte[]? ServerId, IReadOnlyList<SmlEntry> Entries);
