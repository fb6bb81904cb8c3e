namespace Hub.Plugins.Modbus.Protocol;

/// <summary>What a person should check for each exception code; used in exception messages.</summary>
internal static class ModbusExceptionCodeAdvice
{
    public static string Describe(ModbusExceptionCode code) => code switch
    {
        ModbusExceptionCode.IllegalFunction =>
            "the device does not support this function; check whether the value is a holding (03) or an input (04) register",
        ModbusExceptionCode.IllegalDataAddress =>
            "the device does not map this register range; check the register map, and that addresses are zero-based (manual 30001/40001 = address 0)",
        ModbusExceptionCode.IllegalDataValue =>
            "the device rejected the quantity or value; check the register count and the allowed value range",
        ModbusExceptionCode.ServerDeviceFailure =>
            "the device failed while handling the request; check the device itself",
        ModbusExceptionCode.Acknowledge =>
            "the device accepted a long-running request and is still working on it; ask again later",
        ModbusExceptionCode.ServerDeviceBusy =>
            "the device is busy; ask again later",
        ModbusExceptionCode.MemoryParityError =>
            "the device found a parity error in its memory; check the device",
        ModbusExceptionCode.GatewayPathUnavailable =>
            "the gateway has no path to this unit; check the gateway's routing configuration",
        ModbusExceptionCode.GatewayTargetFailedToRespond =>
            "the gateway got no answer from this unit; check the unit id, the wiring and the serial settings behind the gateway",
        _ => "the code is not defined by the Modbus specification; see the device manual",
    };

    public static string Name(ModbusExceptionCode code) =>
        Enum.IsDefined(code) ? code.ToString() : "unknown exception";
}
