namespace MeterFirmware.Sensors;

/// <summary>One single-phase measurement.</summary>
/// <param name="MeasuredAt">The sensor's own time base: wall-clock time for hardware, simulated time for the
/// simulation. Energy is integrated over differences of this value.</param>
/// <param name="PowerW">Signed active power: positive = import from the grid, negative = export.</param>
/// <param name="VoltageV">RMS voltage.</param>
/// <param name="CurrentA">RMS current (unsigned).</param>
/// <param name="FrequencyHz">Grid frequency.</param>
internal sealed record SensorSample(DateTimeOffset MeasuredAt, double PowerW, double VoltageV, double CurrentA, double FrequencyHz);
