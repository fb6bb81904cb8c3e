using Hub.Plugins.Abstractions;
using Hub.Plugins.Http.Poll;

namespace Hub.Plugins.Http.Tests;

/// <summary>Recorded Shelly payloads (Fixtures/) parsed into canonical readings.</summary>
public sealed class ShellyFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void Gen1_3em_status_sums_phases_and_keeps_per_phase_voltage_and_current()
    {
        var reading = ShellyGen1.Parse(Fixture("shelly-gen1-3em-status.json"), "heat", Now);

        Assert.Equal("heat", reading.MeterId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764075720), reading.Timestamp);
        Assert.Equal(1365.55, reading.PowerW!.Value, 6);
        Assert.Equal(1520345.2 + 402311.8 + 210004.0, reading.EnergyImportWh!.Value, 6);
        Assert.Equal(81234.5 + 95012.7, reading.EnergyExportWh!.Value, 6);
        Assert.Equal([231.12, 229.87, 230.40], reading.VoltageV);
        Assert.Equal([5.29, 1.51, 0.72], reading.CurrentA);
    }

    [Fact]
    public void Gen1_em_status_has_no_current_field()
    {
        var reading = ShellyGen1.Parse(Fixture("shelly-gen1-em-status.json"), "heat", Now);

        Assert.Equal(845.32, reading.PowerW);
        Assert.Equal(98765.4, reading.EnergyImportWh);
        Assert.Null(reading.CurrentA);
    }

    [Fact]
    public void Gen2_pro3em_em_and_emdata_status_combine()
    {
        var reading = ShellyGen2.Parse(Fixture("shelly-gen2-pro3em-em-getstatus.json"), Fixture("shelly-gen2-pro3em-emdata-getstatus.json"), "pro", Now);

        Assert.Equal(Now, reading.Timestamp);
        Assert.Equal(715.5, reading.PowerW);
        Assert.Equal(4836.28, reading.EnergyImportWh);
        Assert.Equal(2762.71, reading.EnergyExportWh);
        Assert.Equal([236.1, 236.201, 236.402], reading.VoltageV);
        Assert.Equal([4.029, 4.027, 3.03], reading.CurrentA);
        Assert.Equal(50, reading.FrequencyHz);
    }

    [Theory]
    [InlineData("""{"relays":[]}""", "emeters")]
    [InlineData("""{"emeters":[{"power":"x","total":1}]}""", "emeters[].power")]
    [InlineData("""{"emeters":[{"power":1,"total":1,"is_valid":false}]}""", "is_valid")]
    [InlineData("""[1]""", "not a JSON object")]
    [InlineData("""{"emeters": """, "not valid JSON")]
    public void Bad_gen1_payloads_name_the_field(string json, string expected)
    {
        var error = Assert.Throws<ReadingFormatException>(() => ShellyGen1.Parse(System.Text.Encoding.UTF8.GetBytes(json), "heat", Now));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gen2_without_total_act_power_is_a_format_error()
    {
        var error = Assert.Throws<ReadingFormatException>(() => ShellyGen2.Parse("{}"u8.ToArray(), Fixture("shelly-gen2-pro3em-emdata-getstatus.json"), "pro", Now));

        Assert.Contains("total_act_power", error.Message, StringComparison.Ordinal);
    }
}
