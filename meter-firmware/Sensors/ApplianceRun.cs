namespace MeterFirmware.Sensors;

/// <summary>One appliance switched on for a while (a kettle boiling, an oven heating), within one local day.</summary>
internal readonly record struct ApplianceRun(string Name, TimeSpan Start, TimeSpan Duration, double PowerW)
{
    public bool IsOn(TimeSpan timeOfDay) => timeOfDay >= Start && timeOfDay < Start + Duration;
}
