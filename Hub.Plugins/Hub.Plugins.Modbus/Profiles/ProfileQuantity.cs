using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Profiles;

/// <summary>One quantity of a device profile: where it is, how it is encoded, and where it goes.</summary>
/// <param name="Field">The canonical field it feeds.</param>
/// <param name="Function">3 (holding registers) or 4 (input registers).</param>
/// <param name="Register">Zero-based PDU address of its first register (a manual's 30001/40001 is 0).</param>
/// <param name="Type">The encoding; its width is the number of registers.</param>
/// <param name="WordOrder">Byte and word order, as the manual gives it.</param>
/// <param name="Scale">Multiplier to canonical units, e.g. 1000 for kWh to Wh, 0.1 for a value in 0.1 V.</param>
public sealed record ProfileQuantity(
    CanonicalField Field,
    ModbusFunctionCode Function,
    ushort Register,
    RegisterDataType Type,
    WordOrder WordOrder,
    double Scale)
{
    public int Width => Type.Width();
}
