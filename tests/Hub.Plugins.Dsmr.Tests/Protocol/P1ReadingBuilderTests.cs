using Hub.Plugins.Dsmr.Protocol;

namespace Hub.Plugins.Dsmr.Tests.Protocol;

public sealed class P1ReadingBuilderTests
{
    [Fact]
    public void Dsmr5_tariffs_are_summed_and_kept_power_is_import_minus_export_phases_and_gas()
    {
        var values = TestMap.Decode(P1TelegramWriter.Dsmr5(powerInKw: 1.193, powerOutKw: 0.2).Build());
        var r = values.Electricity;
        Assert.Equal(1_234_567 + 2_345_678, r.EnergyImportWh);
        Assert.Equal(12_345 + 23_456, r.EnergyExportWh);
        Assert.Equal(1_234_567, values.Registers["1-0:1.8.1"]);
        Assert.Equal(2_345_678, values.Registers["1-0:1.8.2"]);
        Assert.Equal(12_345, values.Registers["1-0:2.8.1"]);
        Assert.Equal(23_456, values.Registers["1-0:2.8.2"]);
        Assert.Equal(993, r.PowerW!.Value, 6);
        Assert.Equal([230.1, 231.2, 229.8], r.VoltageV);
        Assert.Equal([4.0, 2, 1], r.CurrentA);
        Assert.Equal("50", values.Version);

        // 2017-01-24 21:31:28 winter time (W) = 20:31:28 UTC.
        Assert.Equal(new DateTimeOffset(2017, 1, 24, 20, 31, 28, TimeSpan.Zero), r.Timestamp);
        var gas = Assert.Single(values.Gas);
        Assert.Equal(1, gas.Channel);
        Assert.Equal(671.79, gas.VolumeM3);
        Assert.Equal(new DateTimeOffset(2017, 1, 24, 20, 0, 0, TimeSpan.Zero), gas.CapturedAt);
    }

    [Fact]
    public void Summer_flag_means_utc_plus_two()
    {
        var r = TestMap.Decode(P1TelegramWriter.Dsmr5(time: "230701120000S").Build()).Electricity;
        Assert.Equal(new DateTimeOffset(2023, 7, 1, 10, 0, 0, TimeSpan.Zero), r.Timestamp);
    }

    [Fact]
    public void The_flag_decides_in_the_repeated_autumn_hour()
    {
        // 2023-10-29 02:30 local happens twice: S = 00:30 UTC, W = 01:30 UTC.
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 0, 30, 0, TimeSpan.Zero), P1Timestamp.Parse("231029023000S"));
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 1, 30, 0, TimeSpan.Zero), P1Timestamp.Parse("231029023000W"));
        Assert.Throws<P1FormatException>(() => P1Timestamp.Parse("231029023000X"));
    }

    [Fact]
    public void Dsmr42_single_phase()
    {
        var values = TestMap.Decode(P1TelegramWriter.Dsmr42().Build());
        var r = values.Electricity;
        Assert.Equal(801_000, r.EnergyImportWh);
        Assert.Equal(0, r.EnergyExportWh);
        Assert.Equal(456, r.PowerW!.Value, 6);
        Assert.Equal([232.0], r.VoltageV);
        Assert.Equal([2.0], r.CurrentA);
        Assert.Equal(new DateTimeOffset(2016, 7, 4, 13, 30, 12, TimeSpan.Zero), r.Timestamp);
        Assert.Equal(100.001, Assert.Single(values.Gas).VolumeM3);
    }

    [Fact]
    public void Dsmr22_without_crc_time_or_flag_uses_receive_time_and_two_line_gas()
    {
        var received = new DateTimeOffset(2024, 3, 1, 8, 0, 0, 123, TimeSpan.Zero);
        var values = TestMap.Decode(P1TelegramWriter.Dsmr22().Build(crc: false), received);
        Assert.Null(values.Version);
        Assert.Equal(269_000, values.Electricity.EnergyImportWh);
        Assert.Equal(32_000, values.Electricity.EnergyExportWh);
        Assert.Equal(980, values.Electricity.PowerW!.Value, 6);
        Assert.Equal(received, values.Electricity.Timestamp);
        var gas = Assert.Single(values.Gas);
        Assert.Equal(124.477, gas.VolumeM3);

        // 2012-05-17 02:00 without a flag: CEST (UTC+2) by the EU rules.
        Assert.Equal(new DateTimeOffset(2012, 5, 17, 0, 0, 0, TimeSpan.Zero), gas.CapturedAt);
    }

    [Fact]
    public void Belgian_emucs()
    {
        var values = TestMap.Decode(P1TelegramWriter.EMucs().Build());
        Assert.Equal("50217", values.Version);
        Assert.Equal(15_792, values.Electricity.EnergyImportWh);
        Assert.Equal(11, values.Electricity.EnergyExportWh);
        Assert.Equal([234.7], values.Electricity.VoltageV);
        Assert.Equal([0.0], values.Electricity.CurrentA);
        Assert.Equal(112.384, Assert.Single(values.Gas).VolumeM3);
    }

    [Fact]
    public void Value_in_a_unit_that_cannot_be_converted_is_an_error_not_a_guess()
    {
        var bytes = new P1TelegramWriter(@"ISK5\2M550T-1012").Line("1-3:0.2.8(50)").Line("1-0:1.8.1(000001.000*MWh)").Build();
        var frame = Assert.Single(new P1Framer().Push(bytes));
        var telegram = P1TelegramParser.Parse(frame.Telegram!, true);
        var ex = Assert.Throws<P1FormatException>(() => P1ReadingBuilder.Build(telegram, TestMap.Shipped, "house", DateTimeOffset.UnixEpoch));
        Assert.Contains("MWh", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1-0:1.8.1(abc*kWh)")]
    [InlineData("1-0:1.8.1(000001.000*kWh")]
    [InlineData("hello world")]
    [InlineData("(000001.000*kWh)")]
    public void Broken_lines_are_format_errors(string line)
    {
        var bytes = new P1TelegramWriter(@"ISK5\2M550T-1012").Line(line).Build();
        var frame = Assert.Single(new P1Framer().Push(bytes));
        Assert.Throws<P1FormatException>(() => P1ReadingBuilder.Build(P1TelegramParser.Parse(frame.Telegram!, true), TestMap.Shipped, "house", DateTimeOffset.UnixEpoch));
    }
}
