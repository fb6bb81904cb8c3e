using System.Diagnostics.CodeAnalysis;

namespace Hub.Plugins.Modbus.Profiles;

/// <summary>How a quantity's registers encode its number; the width follows from the type.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are the type names a profile file uses (int16 ... float64).")]
public enum RegisterDataType
{
    Int16,
    UInt16,
    Int32,
    UInt32,
    Float32,
    Float64,
}
