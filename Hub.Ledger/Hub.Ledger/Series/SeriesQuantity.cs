namespace Hub.Ledger;

/// <summary>The quantities <c>/api/series</c> answers for (docs/ledger.md "History at scale").</summary>
public enum SeriesQuantity
{
    /// <summary>Energy imported in each bucket (Wh, from valid counter differences); the counter itself at step raw.</summary>
    EnergyImportWh,

    /// <summary>Energy exported in each bucket (Wh); the counter itself at step raw.</summary>
    EnergyExportWh,

    /// <summary>Power, W: average with minimum and maximum.</summary>
    PowerW,

    /// <summary>Voltage, V: average over readings of the mean over phases.</summary>
    VoltageV,

    /// <summary>Current, A: average over readings of the mean over phases.</summary>
    CurrentA,

    /// <summary>Frequency, Hz: average.</summary>
    FrequencyHz,
}
