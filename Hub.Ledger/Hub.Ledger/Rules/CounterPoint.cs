namespace Hub.Ledger;

/// <summary>One valid import counter reading of a meter in a sub-meter hierarchy (see <see cref="MeterHistory.Trail"/>).</summary>
/// <param name="At">The reading's timestamp.</param>
/// <param name="Wh">Its energyImportWh.</param>
public readonly record struct CounterPoint(DateTimeOffset At, double Wh);
