namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>One bracketed value of a COSEM line: <c>(001234.567*kWh)</c> is text "001234.567", unit "kWh".</summary>
public sealed record P1Value(string Text, string? Unit);

/// <summary>One data line of a telegram: its OBIS reference (<c>1-0:1.8.1</c>) and its bracketed values.</summary>
public sealed record P1Object(string Obis, IReadOnlyList<P1Value> Values);
