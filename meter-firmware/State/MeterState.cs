namespace MeterFirmware.State;

/// <summary>What must survive a reboot: the registers and the last sequence number handed out.</summary>
/// <param name="MeterId">The meter these values belong to; a state directory serves one meter.</param>
/// <param name="Seq">The last seq used; the next reading gets <c>Seq + 1</c> (0 = none yet).</param>
/// <param name="EnergyImportWh">The import register.</param>
/// <param name="EnergyExportWh">The export register.</param>
/// <param name="SavedAt">Wall-clock time of the save, for people reading the file.</param>
internal sealed record MeterState(string MeterId, ulong Seq, double EnergyImportWh, double EnergyExportWh, DateTimeOffset SavedAt);
