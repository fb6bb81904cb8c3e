namespace Hub.Bench;

/// <summary>What the hub holds after the load, counted over its HTTP API.</summary>
/// <param name="Acknowledged">2.04 answers over both phases.</param>
/// <param name="Stored">/health <c>store.readings</c> after the load.</param>
/// <param name="Invalid">/health <c>store.invalidReadings</c> (the load is built to pass every rule).</param>
/// <param name="SampledMeters">Meters whose readings were listed with /api/readings.</param>
/// <param name="SampledAcknowledged">2.04 answers for those meters; every one was found among their stored seqs.</param>
public sealed record CoapDurabilityCheck(long Acknowledged, long Stored, long Invalid, IReadOnlyList<string> SampledMeters, long SampledAcknowledged);
