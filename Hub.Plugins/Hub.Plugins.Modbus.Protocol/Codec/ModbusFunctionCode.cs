namespace Hub.Plugins.Modbus.Protocol;

/// <summary>The register function codes this library speaks (Modbus Application Protocol V1.1b3 §6).</summary>
public enum ModbusFunctionCode
{
    /// <summary>0x03, §6.3: read 1..125 contiguous holding registers.</summary>
    ReadHoldingRegisters = 0x03,

    /// <summary>0x04, §6.4: read 1..125 contiguous input registers.</summary>
    ReadInputRegisters = 0x04,

    /// <summary>0x06, §6.6: write one holding register; the server echoes the request.</summary>
    WriteSingleRegister = 0x06,

    /// <summary>0x10, §6.12: write 1..123 contiguous holding registers.</summary>
    WriteMultipleRegisters = 0x10,
}
