using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Profiles;

/// <summary>Widths, names and decoding of <see cref="RegisterDataType"/>.</summary>
public static class RegisterDataTypes
{
    public const string Names = "int16, uint16, int32, uint32, float32, float64";

    /// <summary>Registers one value occupies.</summary>
    public static int Width(this RegisterDataType type) => type switch
    {
        RegisterDataType.Int16 or RegisterDataType.UInt16 => 1,
        RegisterDataType.Int32 or RegisterDataType.UInt32 or RegisterDataType.Float32 => 2,
        RegisterDataType.Float64 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown register data type."),
    };

    public static bool TryParse(string? text, out RegisterDataType type)
    {
        type = default;
        // Enum.TryParse also takes "3"; a profile must name the type.
        return text is not null
            && !text.All(char.IsDigit)
            && Enum.TryParse(text, ignoreCase: true, out type)
            && Enum.IsDefined(type);
    }

    /// <summary>
    /// The double a person would read off the meter's display: 294.3f becomes 294.3, not 294.29998779296875 (the
    /// float's shortest round-trip decimal form, parsed as a double).
    /// </summary>
    public static double ToShortestDouble(float value) =>
        float.IsFinite(value)
            ? double.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)
            : value;

    /// <summary>The raw number held by exactly <see cref="Width"/> registers.</summary>
    public static double Decode(this RegisterDataType type, ReadOnlySpan<ushort> registers, WordOrder order) => type switch
    {
        RegisterDataType.Int16 => RegisterDecoder.ToInt16(registers, order),
        RegisterDataType.UInt16 => RegisterDecoder.ToUInt16(registers, order),
        RegisterDataType.Int32 => RegisterDecoder.ToInt32(registers, order),
        RegisterDataType.UInt32 => RegisterDecoder.ToUInt32(registers, order),
        RegisterDataType.Float32 => ToShortestDouble(RegisterDecoder.ToSingle(registers, order)),
        RegisterDataType.Float64 => RegisterDecoder.ToDouble(registers, order),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown register data type."),
    };
}
