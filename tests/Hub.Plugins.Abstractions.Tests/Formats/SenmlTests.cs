using System.Formats.Cbor;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;

namespace Hub.Plugins.Abstractions.Tests.Formats;

public sealed class SenmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<SenmlRecord> Json(string text) => SenmlResolver.Resolve(SenmlJson.Parse(System.Text.Encoding.UTF8.GetBytes(text)), Now);

    [Fact]
    public void Rfc8428_5_1_1_single_datapoint()
    {
        var record = Json("""[{"n":"urn:dev:ow:10e2073a01080063","u":"Cel","v":23.1}]""").Single();

        Assert.Equal("urn:dev:ow:10e2073a01080063", record.Name);
        Assert.Equal("Cel", record.Unit);
        Assert.Equal(23.1, record.Value);
        Assert.Equal(Now, record.Time); // no time: "now"
    }

    [Fact]
    public void Rfc8428_5_1_2_multiple_datapoints_share_the_base_name()
    {
        var records = Json("""
            [
              {"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
              {"n":"current","u":"A","v":1.2}
            ]
            """);

        Assert.Equal(["urn:dev:ow:10e2073a01080063:voltage", "urn:dev:ow:10e2073a01080063:current"], records.Select(r => r.Name));
        Assert.Equal([120.1, 1.2], records.Select(r => r.Value!.Value));
    }

    [Fact]
    public void Rfc8428_5_1_3_multiple_measurements_resolve_base_time_and_unit_as_in_section_5_1_4()
    {
        var records = Json("""
            [
              {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,"bu":"A","bver":5,"n":"voltage","u":"V","v":120.1},
              {"n":"current","t":-5,"v":1.2},
              {"n":"current","t":-4,"v":1.3},
              {"n":"current","t":-3,"v":1.4},
              {"n":"current","t":-2,"v":1.5},
              {"n":"current","t":-1,"v":1.6},
              {"n":"current","v":1.7}
            ]
            """);

        // §5.1.4 "Resolved Data": times 1.276020076001e+09 and 1.276020071001e+09 ... 1.276020076001e+09, unit A.
        Assert.Equal(7, records.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_276_020_076_001), records[0].Time);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_276_020_071_001), records[1].Time);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_276_020_076_001), records[6].Time);
        Assert.Equal("V", records[0].Unit);
        Assert.All(records.Skip(1), r => Assert.Equal("A", r.Unit));
        Assert.All(records.Skip(1), r => Assert.Equal("urn:dev:ow:10e2073a0108006:current", r.Name));
    }

    [Fact]
    public void Rfc8428_section6_cbor_example_decodes_like_its_json()
    {
        // RFC 8428 §6: the CBOR form of the §5.1.2 pack, integer labels (bn=-2, n=0, u=1, v=2).
        var bn = System.Text.Encoding.UTF8.GetBytes("urn:dev:ow:10e2073a01080063:");
        var cbor = Convert.FromHexString("82A421781C" + Convert.ToHexString(bn) + "0067766F6C74616765016156" + "02FB405E066666666666"
            + "A3006763757272656E74016141" + "02FB3FF3333333333333");

        var records = SenmlResolver.Resolve(SenmlCbor.Parse(cbor), Now);

        Assert.Equal(["urn:dev:ow:10e2073a01080063:voltage", "urn:dev:ow:10e2073a01080063:current"], records.Select(r => r.Name));
        Assert.Equal(["V", "A"], records.Select(r => r.Unit));
        Assert.Equal([120.1, 1.2], records.Select(r => r.Value!.Value));
    }

    [Fact]
    public void Base_value_and_base_sum_are_added()
    {
        var record = Json("""[{"bn":"m:","bv":1000,"bs":10,"n":"energy","u":"Wh","v":5,"s":2}]""").Single();

        Assert.Equal(1005, record.Value);
        Assert.Equal(12, record.Sum);
    }

    [Fact]
    public void Must_understand_labels_are_rejected()
    {
        var error = Assert.Throws<ReadingFormatException>(() => Json("""[{"n":"x","v":1,"foo_":2}]"""));
        Assert.Contains("foo_", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"n":"x","v":1}""", "array")]
    [InlineData("""[{"n":"x"}]""", "no value")]
    [InlineData("""[{"n":"-bad","v":1}]""", "not a valid SenML name")]
    [InlineData("""[{"n":"x","v":"1"}]""", "'v' must be a finite number")]
    [InlineData("""[{"n":"x","v":1,"bver":11}]""", "bver")]
    public void Bad_packs_name_the_problem(string json, string expected)
    {
        var error = Assert.Throws<ReadingFormatException>(() => Json(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Energy_meter_pack_maps_to_canonical_fields()
    {
        var records = Json("""
            [
              {"bn":"urn:dev:mac:0024befffe804ff1:","bt":1.7640576e+09,"n":"power","u":"W","v":-350.5},
              {"n":"energy-import","u":"kWh","v":1234.5},
              {"n":"energy-returned","u":"Wh","v":800},
              {"n":"voltage-L1","u":"V","v":230.1},{"n":"voltage-L2","u":"V","v":231.2},{"n":"voltage-L3","u":"V","v":229.9},
              {"n":"current:l1","u":"A","v":1.5},
              {"n":"frequency","u":"Hz","v":50.01},
              {"n":"apparent","u":"VA","v":400},
              {"n":"seq","v":42}
            ]
            """);

        var reading = SenmlReadings.ToReadings(records, key => key == "urn:dev:mac:0024befffe804ff1" ? "house" : null).Single();

        Assert.Equal("house", reading.MeterId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_057_600), reading.Timestamp);
        Assert.Equal(-350.5, reading.PowerW);
        Assert.Equal(1_234_500, reading.EnergyImportWh);
        Assert.Equal(800, reading.EnergyExportWh);
        Assert.Equal([230.1, 231.2, 229.9], reading.VoltageV);
        Assert.Equal([1.5], reading.CurrentA);
        Assert.Equal(50.01, reading.FrequencyHz);
        Assert.Equal(42ul, reading.Seq);
    }

    [Fact]
    public void Power_sum_in_watt_seconds_is_energy_and_phase_powers_add_up()
    {
        var records = Json("""[{"bn":"ev:","n":"power-l1","u":"W","v":100},{"n":"power-l2","u":"W","v":200},{"n":"total","u":"W","s":7200}]""");

        var reading = SenmlReadings.ToReadings(records, key => key).Single();

        Assert.Equal("ev", reading.MeterId);
        Assert.Equal(300, reading.PowerW);
        Assert.Equal(2, reading.EnergyImportWh);
    }

    [Fact]
    public void Records_at_different_times_are_separate_readings()
    {
        var records = Json("""[{"bn":"ev:","bt":1.7e9,"n":"power","u":"W","v":1},{"n":"power","u":"W","t":10,"v":2}]""");

        var readings = SenmlReadings.ToReadings(records, key => key);

        Assert.Equal([1.0, 2.0], readings.Select(r => r.PowerW!.Value));
    }

    [Fact]
    public void Unknown_base_name_is_an_unknown_meter()
    {
        var records = Json("""[{"bn":"urn:dev:mac:ff:","n":"power","u":"W","v":1}]""");

        var error = Assert.Throws<UnknownMeterException>(() => SenmlReadings.ToReadings(records, _ => null));

        Assert.Equal("urn:dev:mac:ff", error.MeterKey);
    }

    [Fact]
    public void A_pack_without_energy_quantities_is_a_format_error()
    {
        var records = Json("""[{"bn":"ev:","n":"temp","u":"Cel","v":21}]""");

        Assert.Throws<ReadingFormatException>(() => SenmlReadings.ToReadings(records, key => key));
    }

    [Fact]
    public void Cbor_with_half_floats_and_integers_decodes()
    {
        var writer = new CborWriter();
        writer.WriteStartArray(1);
        writer.WriteStartMap(4);
        writer.WriteInt32(-2);
        writer.WriteTextString("ev:");
        writer.WriteInt32(0);
        writer.WriteTextString("power");
        writer.WriteInt32(1);
        writer.WriteTextString("W");
        writer.WriteInt32(2);
        writer.WriteHalf((Half)1.5);
        writer.WriteEndMap();
        writer.WriteEndArray();

        var reading = SenmlReadings.ToReadings(SenmlResolver.Resolve(SenmlCbor.Parse(writer.Encode()), Now), key => key).Single();

        Assert.Equal(1.5, reading.PowerW);
    }
}
