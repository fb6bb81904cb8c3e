namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// The code a server puts in an exception response (function code | 0x80), Modbus Application Protocol V1.1b3 §7.
/// A device may send a code not listed here; it is carried as its number.
/// </summary>
public enum ModbusExceptionCode
{
    /// <summary>01: the function code is not supported by the server.</summary>
    IllegalFunction = 0x01,

    /// <summary>02: the address, or address + quantity, is outside what the server maps.</summary>
    IllegalDataAddress = 0x02,

    /// <summary>03: a value in the request (quantity, byte count, register value) is not allowed.</summary>
    IllegalDataValue = 0x03,

    /// <summary>04: an unrecoverable error occurred while the server performed the action.</summary>
    ServerDeviceFailure = 0x04,

    /// <summary>05: the server accepted a long-running request and is still processing it.</summary>
    Acknowledge = 0x05,

    /// <summary>06: the server is busy with a long-running command.</summary>
    ServerDeviceBusy = 0x06,

    /// <summary>08: the server found a parity error in its memory (file records).</summary>
    MemoryParityError = 0x08,

    /// <summary>0A: a gateway could not route the request to the target unit.</summary>
    GatewayPathUnavailable = 0x0A,

    /// <summary>0B: a gateway got no answer from the target unit.</summary>
    GatewayTargetFailedToRespond = 0x0B,
}
