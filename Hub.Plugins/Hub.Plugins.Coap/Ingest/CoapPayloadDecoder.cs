using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;
using Hub.Plugins.Coap.Configuration;

namespace Hub.Plugins.Coap.Ingest;

/// <summary>
/// Turns a CoAP payload into readings by its content format: 110 SenML JSON, 112 SenML CBOR, 50 canonical JSON.
/// </summary>
public sealed class CoapPayloadDecoder(CoapMeterDirectory meters)
{
    public const int CanonicalJson = 50;

    /// <param name="contentFormat">The Content-Format option, or null when absent.</param>
    /// <param name="payload">The whole body.</param>
    /// <param name="fixedMeter">For an observed meter: the meter the resource belongs to, whatever the base name says.</param>
    /// <param name="receivedAt">The hub's receive time (SenML "now", and the canonical default timestamp).</param>
    /// <exception cref="ReadingFormatException">Not a valid payload of that format (4.00).</exception>
    /// <exception cref="UnknownMeterException">Names no configured meter (4.04).</exception>
    /// <exception cref="MeterNotAllowedException">Names another plugin's meter (4.03).</exception>
    /// <exception cref="UnsupportedContentFormatException">No or another content format (4.15).</exception>
    public IReadOnlyList<Reading> Decode(uint? contentFormat, ReadOnlyMemory<byte> payload, string? fixedMeter, DateTimeOffset receivedAt)
    {
        switch (contentFormat)
        {
            case SenmlJson.ContentFormat:
                return SenmlReadings.ToReadings(SenmlResolver.Resolve(SenmlJson.Parse(payload), receivedAt), key => fixedMeter ?? MeterOf(key));
            case SenmlCbor.ContentFormat:
                return SenmlReadings.ToReadings(SenmlResolver.Resolve(SenmlCbor.Parse(payload), receivedAt), key => fixedMeter ?? MeterOf(key));
            case CanonicalJson:
                var reading = ReadingJson.Parse(payload, fixedMeter, receivedAt);
                if (fixedMeter is null)
                {
                    _ = MeterOf(reading.MeterId) ?? throw new UnknownMeterException($"meterId: '{reading.MeterId}' is not a configured coap meter.") { MeterKey = reading.MeterId };
                }

                return [reading];
            case null:
                throw new UnsupportedContentFormatException("no Content-Format option; send 110 (SenML JSON), 112 (SenML CBOR) or 50 (canonical JSON).");
            default:
                throw new UnsupportedContentFormatException($"Content-Format {contentFormat} is not read here; send 110 (SenML JSON), 112 (SenML CBOR) or 50 (canonical JSON).");
        }
    }

    private string? MeterOf(string key)
    {
        if (meters.Find(key) is { } meter)
        {
            return meter.Id;
        }

        if (meters.BelongsToAnotherPlugin(key))
        {
            throw new MeterNotAllowedException($"meter '{key}' is configured for another plugin; CoAP may only send readings of coap meters.");
        }

        return null;
    }
}
