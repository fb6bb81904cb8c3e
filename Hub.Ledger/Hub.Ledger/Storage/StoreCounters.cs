namespace Hub.Ledger.Storage;

/// <summary>Totals and id sequences, kept in the store and updated in each batch's transaction.</summary>
internal readonly record struct StoreCounters(long Readings, long InvalidReadings, long NextReadingId, long NextAlertId);
