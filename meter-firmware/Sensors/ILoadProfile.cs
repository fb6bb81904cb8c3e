namespace MeterFirmware.Sensors;

/// <summary>A deterministic active-power curve: the same seed and time always give the same power.</summary>
internal interface ILoadProfile
{
    /// <summary>Signed active power (negative = export) at a local wall-clock time.</summary>
    double PowerW(DateTimeOffset localTime);
}
