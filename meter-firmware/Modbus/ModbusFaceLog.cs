using Microsoft.Extensions.Logging;

namespace MeterFirmware.Modbus;

internal static partial class ModbusFaceLog
{
    [LoggerMessage(30, LogLevel.Information, "serving Modbus TCP on {EndPoint}, unit {UnitId}: SDM630 input registers 0x0000..0x004B (float32 ABCD)")]
    public static partial void Serving(ILogger logger, string endPoint, int unitId);
}
