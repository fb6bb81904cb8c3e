using Hub.Plugins.Abstractions;
using Hub.Plugins.Mqtt.Formats;

namespace Hub.Plugins.Mqtt.Tests.Formats;

public sealed class MeterFormatsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    // A Tasmota energy monitor's tele/{name}/SENSOR (Tasmota "Energy Monitoring" docs' shape).
    private const string TasmotaSensor = """
        {"Time":"2026-11-25T14:00:00","ENERGY":{"TotalStartTime":"2024-03-01T10:12:44","Total":1234.567,"Yesterday":5.123,
         "Today":2.345,"Period":12,"Power":450,"ApparentPower":479,"ReactivePower":164,"Factor":0.94,"Voltage":231,"Current":2.073}}
        """;

    // A two-channel Tasmota device: Power, Voltage and Current per channel.
    private const string TasmotaTwoChannels = """
        {"Time":"2026-11-25T14:00:00","ENERGY":{"Total":10.5,"Today":0.1,"Power":[100,-40],"Voltage":[230,230],"Current":[0.5,0.2],"Frequency":50,"ExportActive":1.25}}
        """;

    // Shelly Pro 3EM NotifyStatus on {prefix}/events/rpc (Shelly Gen2 API, EM and EMData components).
    private const string ShellyNotifyStatus = """
        {"src":"shellypro3em-0cb815fcaff4","dst":"shellypro3em/events","method":"NotifyStatus","params":{"ts":1764075600.25,
         "em:0":{"id":0,"a_current":4.029,"a_voltage":236.1,"a_act_power":951.2,"b_current":4.027,"b_voltage":236.2,"b_act_power":-951.1,
         "c_current":3.03,"c_voltage":236.4,"c_act_power":715.4,"a_freq":50,"total_act_power":715.5},
         "emdata:0":{"id":0,"total_act":4836.28,"total_act_ret":2762.71}}}
        """;

    [Fact]
    public void Tasmota_energy_maps_total_kwh_to_wh_and_uses_receive_time()
    {
        var reading = MeterFormats.Parse("tasmota", System.Text.Encoding.UTF8.GetBytes(TasmotaSensor), "solar", Now);

        Assert.Equal(1_234_567, reading.EnergyImportWh!.Value, 6);
        Assert.Equal(450, reading.PowerW);
        Assert.Equal([231.0], reading.VoltageV);
        Assert.Equal([2.073], reading.CurrentA);
        Assert.Equal(Now, reading.Timestamp);
    }

    [Fact]
    public void Tasmota_channels_are_summed_for_power_and_kept_for_voltage_and_current()
    {
        var reading = MeterFormats.Parse("Tasmota", System.Text.Encoding.UTF8.GetBytes(TasmotaTwoChannels), "plug", Now);

        Assert.Equal(60, reading.PowerW);
        Assert.Equal([230.0, 230.0], reading.VoltageV);
        Assert.Equal(1250, reading.EnergyExportWh);
        Assert.Equal(50, reading.FrequencyHz);
    }

    [Fact]
    public void Shelly_gen2_notify_status_maps_em_and_emdata()
    {
        var reading = MeterFormats.Parse("shelly-gen2", System.Text.Encoding.UTF8.GetBytes(ShellyNotifyStatus), "pro", Now);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_075_600_250), reading.Timestamp);
        Assert.Equal(715.5, reading.PowerW);
        Assert.Equal(4836.28, reading.EnergyImportWh);
        Assert.Equal(2762.71, reading.EnergyExportWh);
        Assert.Equal([236.1, 236.2, 236.4], reading.VoltageV);
        Assert.Equal(50, reading.FrequencyHz);
    }

    [Fact]
    public void Shelly_gen2_component_status_topic_payload_is_read_too()
    {
        var reading = MeterFormats.Parse("shelly-gen2", """{"id":0,"total_act":100.5,"total_act_ret":2}"""u8.ToArray(), "pro", Now);

        Assert.Equal(100.5, reading.EnergyImportWh);
        Assert.Equal(Now, reading.Timestamp);
    }

    [Theory]
    [InlineData("tasmota", """{"Time":"x","AM2301":{"Temperature":21}}""", "ENERGY")]
    [InlineData("tasmota", """{"ENERGY":{"Power":"lots"}}""", "ENERGY.Power")]
    [InlineData("tasmota", """{"ENERGY":{}}""", "none of Total")]
    [InlineData("shelly-gen2", """{"method":"NotifyEvent","params":{"ts":1,"events":[]}}""", "em:0")]
    [InlineData("shelly-gen2", "[]", "not a JSON object")]
    public void Payloads_that_are_no_reading_are_format_errors(string format, string json, string expected)
    {
        var error = Assert.Throws<ReadingFormatException>(() => MeterFormats.Parse(format, System.Text.Encoding.UTF8.GetBytes(json), "m", Now));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_topics_follow_the_device_conventions()
    {
        Assert.Equal("tele/solar/SENSOR", MeterFormats.DefaultTopic("tasmota", "solar"));
        Assert.Equal("pro/events/rpc", MeterFormats.DefaultTopic("shelly-gen2", "pro"));
        Assert.Equal("smartmeter/house/reading", MeterFormats.DefaultTopic(null, "house"));
        Assert.False(MeterFormats.IsKnown("shelly-gen1"));
    }
}
