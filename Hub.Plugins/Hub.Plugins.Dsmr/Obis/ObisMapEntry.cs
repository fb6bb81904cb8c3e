namespace Hub.Plugins.Dsmr.Obis;

/// <param name="Obis">The OBIS reference; 'n' as the B group stands for any M-Bus channel.</param>
/// <param name="Quantity">What it is.</param>
/// <param name="Tariff">For tariff registers: 1 or 2; null for a total.</param>
/// <param name="Phase">For per-phase values: 1..3.</param>
public sealed record ObisMapEntry(string Obis, ObisQuantity Quantity, int? Tariff, int? Phase);
