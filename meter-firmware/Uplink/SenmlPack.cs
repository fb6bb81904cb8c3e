using System.Text.Json;
using Hub.Plugins.Abstractions;

namespace MeterFirmware.Uplink;

/// <summary>
/// Writes a canonical reading as a SenML JSON pack (RFC 8428, content-format 110) with the names and units the hub's
/// SenML mapping reads (docs/coap-http.md "SenML naming"): base name = meter id, bt = the reading's time.
/// </summary>
internal static class SenmlPack
{
    public static byte[] FromCanonical(byte[] canonicalJson)
    {
        ArgumentNullException.ThrowIfNull(canonicalJson);
        var reading = ReadingJson.Parse(canonicalJson, null, DateTimeOffset.UnixEpoch);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            var first = true;
            void Record(string name, string? unit, double value)
            {
                writer.WriteStartObject();
                if (first)
                {
                    writer.WriteString("bn", reading.MeterId + ":");
                    writer.WriteNumber("bt", reading.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
                    first = false;
                }

                writer.WriteString("n", name);
                if (unit is not null)
                {
                    writer.WriteString("u", unit);
                }

                writer.WriteNumber("v", value);
                writer.WriteEndObject();
            }

            if (reading.PowerW is { } power)
            {
                Record("power", "W", power);
            }

            if (reading.EnergyImportWh is { } import)
            {
                Record("energy-import", "Wh", import);
            }

            if (reading.EnergyExportWh is { } export)
            {
                Record("energy-export", "Wh", export);
            }

            WritePhases("voltage", "V", reading.VoltageV);
            WritePhases("current", "A", reading.CurrentA);
            if (reading.FrequencyHz is { } frequency)
            {
                Record("frequency", "Hz", frequency);
            }

            if (reading.Seq is { } seq)
            {
                Record("seq", null, seq);
            }

            writer.WriteEndArray();

            void WritePhases(string name, string unit, IReadOnlyList<double>? values)
            {
                if (values is null)
                {
                    return;
                }

                for (var i = 0; i < values.Count; i++)
                {
                    Record(values.Count == 1 ? name : $"{name}-L{i + 1}", unit, values[i]);
                }
            }
        }

        return stream.ToArray();
    }
}
