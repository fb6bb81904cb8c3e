namespace Hub.Ledger.Billing;

/// <summary>A compiled import band: its name (shown on bill lines) and price per kWh.</summary>
public sealed record TariffBand(string Name, decimal PricePerKwh);
