using System.Text;
using Hub.Plugins.Sml.Obis;
using Hub.Plugins.Sml.Protocol;

namespace Hub.Plugins.Sml.Tests.Protocol;

public sealed class SmlProtocolTests
{
    private static readonly SmlObisMap Map = SmlObisMap.Load(SmlObisMap.ShippedPath);

    internal static SmlValues Decode(byte[] frame)
    {
        var file = Assert.Single(new SmlFramer().Push(frame));
        Assert.Equal(SmlFrameKind.File, file.Kind);
        return SmlReadingBuilder.Build(SmlFileParser.Parse(file.Payload), Map, "zaehler", DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Crc_x25_check_value() => Assert.Equal(0x906E, SmlCrc16.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Full_data_set_with_scalers_units_phases_and_server_id()
    {
        var values = Decode(SmlFileWriter.Frame(SmlFileWriter.FullDataSet(importTenthWh: 123_456_789, exportTenthWh: 9_876_543, powerW: -420)));
        var r = values.Reading;
        Assert.Equal(12_345_678.9, r.EnergyImportWh!.Value, 6);
        Assert.Equal(987_654.3, r.EnergyExportWh!.Value, 6);
        Assert.Equal(-420, r.PowerW);
        Assert.Equal([230.1, 231.2, 229.8], r.VoltageV);
        Assert.Equal(49.98, r.FrequencyHz!.Value, 6);
        Assert.Equal("0a01454d4800007ac53b", values.ServerId);
        Assert.Equal(-210, values.Registers["1-0:36.7.0"], 6);
        Assert.Equal(500, values.Registers["1-0:1.8.2"], 6);
    }

    [Fact]
    public void Reduced_pin_locked_data_set_gives_integer_wh_and_nothing_else()
    {
        var r = Decode(SmlFileWriter.Frame(SmlFileWriter.ReducedDataSet(4_711_000))).Reading;
        Assert.Equal(4_711_000, r.EnergyImportWh);
        Assert.Null(r.PowerW);
        Assert.Null(r.EnergyExportWh);
        Assert.Null(r.VoltageV);
    }

    [Fact]
    public void Bad_crc_is_refused_and_the_next_file_is_kept()
    {
        var good = SmlFileWriter.Frame(SmlFileWriter.ReducedDataSet(1000));
        var bad = (byte[])good.Clone();
        bad[40] ^= 0x10;
        var frames = new SmlFramer().Push([.. bad, .. good]);
        Assert.Equal([SmlFrameKind.BadCrc, SmlFrameKind.File], frames.Select(f => f.Kind));
    }

    [Fact]
    public void Noise_and_a_cut_file_between_good_files_lose_neither()
    {
        var good = SmlFileWriter.Frame(SmlFileWriter.ReducedDataSet(1000));
        byte[] noise = [0x00, 0xFF, 0x1B, 0x42, 0x13, 0x37, 0x1B, 0x1B, 0x99];
        var frames = new SmlFramer().Push([.. good, .. noise, .. good[..40], .. good]);
        Assert.Equal([SmlFrameKind.File, SmlFrameKind.Noise, SmlFrameKind.Truncated, SmlFrameKind.File], frames.Select(f => f.Kind));
    }

    [Fact]
    public void File_split_at_every_byte_is_one_file()
    {
        var good = SmlFileWriter.Frame(SmlFileWriter.FullDataSet(1, 1, 1));
        for (var cut = 1; cut < good.Length; cut++)
        {
            var framer = new SmlFramer();
            var frames = framer.Push(good.AsSpan(0, cut)).Concat(framer.Push(good.AsSpan(cut))).ToList();
            Assert.True(frames.Count == 1 && frames[0].Kind == SmlFrameKind.File, $"cut at {cut}: {string.Join(", ", frames.Select(f => f.Kind))}");
        }
    }

    [Fact]
    public void Escaped_escape_sequence_in_the_data_is_unescaped()
    {
        // An octet string that puts 1B1B1B1B on a four-byte boundary of the payload: sent twice, read once.
        var frame = SmlFileWriter.Wrap([0x00, 0x00, 0x00, 0x05, 0x1B, 0x1B, 0x1B, 0x1B, 0x00]);
        Assert.Equal(8 + 12 + 4 + 8, frame.Length);
        var file = Assert.Single(new SmlFramer().Push(frame));
        Assert.Equal(SmlFrameKind.File, file.Kind);
        Assert.Equal([0x00, 0x00, 0x00, 0x05, 0x1B, 0x1B, 0x1B, 0x1B, 0x00], file.Payload);
    }

    [Fact]
    public void Unit_that_does_not_fit_the_quantity_is_an_error_not_a_guess()
    {
        var frame = SmlFileWriter.Frame([SmlFileWriter.Obis(1, 8, 0, unit: 27, scaler: 0, value: 100, size: 4)]);
        var file = Assert.Single(new SmlFramer().Push(frame));
        var ex = Assert.Throws<SmlFormatException>(() => SmlReadingBuilder.Build(SmlFileParser.Parse(file.Payload), Map, "z", DateTimeOffset.UnixEpoch));
        Assert.Contains("unit code 27", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x76, 0x01 })]
    [InlineData(new byte[] { 0x72, 0x65, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x0F, 0x01, 0x02 })]
    [InlineData(new byte[] { 0x8F, 0x7F, 0x00 })]
    [InlineData(new byte[] { 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x01 })]
    public void Broken_tl_fields_are_format_errors(byte[] payload)
    {
        Assert.Throws<SmlFormatException>(() => SmlFileParser.Parse(payload));
    }

    [Fact]
    public void Random_bytes_never_make_a_file()
    {
        var random = new Random(7);
        var junk = new byte[50_000];
        random.NextBytes(junk);
        var frames = new SmlFramer().Push(junk);
        Assert.DoesNotContain(frames, f => f.Kind == SmlFrameKind.File);
    }
}
