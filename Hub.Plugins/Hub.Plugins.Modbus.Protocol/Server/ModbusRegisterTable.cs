namespace Hub.Plugins.Modbus.Protocol;

/// <summary>The two 16-bit register tables of the Modbus data model (V1.1b3 §4.3).</summary>
public enum ModbusRegisterTable
{
    /// <summary>Read-write registers: read with 0x03, written with 0x06 and 0x10 (manual addresses 4xxxx).</summary>
    HoldingRegisters,

    /// <summary>Read-only registers: read with 0x04 (manual addresses 3xxxx).</summary>
    InputRegisters,
}
