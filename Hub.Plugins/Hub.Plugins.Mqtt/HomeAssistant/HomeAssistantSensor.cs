namespace Hub.Plugins.Mqtt.HomeAssistant;

/// <summary>One sensor of a meter as Home Assistant sees it: the canonical reading field it shows and its classes.</summary>
internal sealed record HomeAssistantSensor(string Quantity, string Name, string Field, string DeviceClass, string StateClass, string Unit)
{
    /// <summary>
    /// Energy uses total_increasing in Wh so the energy dashboard accepts it (it needs device_class energy, state_class
    /// total or total_increasing and a unit of Wh/kWh/MWh); the others are measurements in their SI units.
    /// </summary>
    public static IReadOnlyList<HomeAssistantSensor> All { get; } =
    [
        new("energy_import", "Energy import", "energyImportWh", "energy", "total_increasing", "Wh"),
        new("energy_export", "Energy export", "energyExportWh", "energy", "total_increasing", "Wh"),
        new("power", "Power", "powerW", "power", "measurement", "W"),
        new("voltage", "Voltage", "voltageV", "voltage", "measurement", "V"),
        new("current", "Current", "currentA", "current", "measurement", "A"),
        new("frequency", "Frequency", "frequencyHz", "frequency", "measurement", "Hz"),
    ];
}
