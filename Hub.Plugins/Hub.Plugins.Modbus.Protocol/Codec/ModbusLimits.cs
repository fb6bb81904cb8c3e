namespace Hub.Plugins.Modbus.Protocol;

/// <summary>Size limits from the Modbus specifications.</summary>
public static class ModbusLimits
{
    /// <summary>Most registers one read (0x03/0x04) may ask for: 125 (V1.1b3 §6.3, §6.4).</summary>
    public const int MaxReadRegisters = 125;

    /// <summary>Most registers one write multiple (0x10) may carry: 123 (V1.1b3 §6.12).</summary>
    public const int MaxWriteRegisters = 123;

    /// <summary>Largest PDU: 253 bytes, inherited from the 256-byte RS-485 ADU (V1.1b3 §4.1).</summary>
    public const int MaxPduLength = 253;

    /// <summary>Number of register addresses (0x0000..0xFFFF).</summary>
    public const int AddressSpace = 0x10000;
}
