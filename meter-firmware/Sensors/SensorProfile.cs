namespace MeterFirmware.Sensors;

/// <summary>What the simulated sensor pretends to be connected to (<c>--profile</c>).</summary>
internal enum SensorProfile
{
    /// <summary>A home's grid connection: always importing, with daily peaks and appliance spikes.</summary>
    Household,

    /// <summary>A PV inverter's meter: exports by day, imports the inverter's standby at night.</summary>
    Solar,
}
