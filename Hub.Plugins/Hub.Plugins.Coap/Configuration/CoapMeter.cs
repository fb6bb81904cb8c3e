namespace Hub.Plugins.Coap.Configuration;

/// <summary>One <c>coap</c> meter: its id, the SenML base name that identifies it, and how it is read.</summary>
/// <param name="Id">The meter id.</param>
/// <param name="Urn">Meters:N:Urn, without trailing separator, e.g. <c>urn:dev:mac:0024befffe804ff1</c>; null when the meter uses its id as base name.</param>
/// <param name="Mode">Push (default) or observe.</param>
/// <param name="Url">For observe: <c>coap://host:port/path</c>.</param>
public sealed record CoapMeter(string Id, string? Urn, CoapMeterMode Mode, Uri? Url);
