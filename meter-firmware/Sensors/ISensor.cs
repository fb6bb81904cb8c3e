namespace MeterFirmware.Sensors;

/// <summary>
/// Where the instantaneous electrical quantities come from: the simulation today, an INA219 (I²C) or a PZEM-004T
/// (Modbus-RTU over serial) driver later. One call, one sample; the caller integrates energy.
/// </summary>
internal interface ISensor
{
    /// <summary>Measures once.</summary>
    ValueTask<SensorSample> ReadAsync(CancellationToken cancellationToken);
}
