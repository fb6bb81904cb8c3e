using System.Text;
using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Abstractions.Tests;

public sealed class ReadingJsonTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);

    private static Reading Parse(string json, string? meterId = "house") =>
        ReadingJson.Parse(Encoding.UTF8.GetBytes(json), meterId, ReceivedAt);

    [Fact]
    public void Parses_every_canonical_field()
    {
        var r = Parse("""
            {"meterId":"house","timestamp":"2026-11-24T06:59:58.1234Z","energyImportWh":12345.5,"energyExportWh":10,
             "powerW":-230.5,"voltageV":[230.1,229.9,231],"currentA":1.5,"frequencyHz":50.01,"seq":42,"signature":"0xabcd"}
            """);
        Assert.Equal("house", r.MeterId);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 6, 59, 58, 123, TimeSpan.Zero), r.Timestamp);
        Assert.Equal(12345.5, r.EnergyImportWh);
        Assert.Equal(10, r.EnergyExportWh);
        Assert.Equal(-230.5, r.PowerW);
        Assert.Equal([230.1, 229.9, 231], r.VoltageV);
        Assert.Equal([1.5], r.CurrentA);
        Assert.Equal(50.01, r.FrequencyHz);
        Assert.Equal(42UL, r.Seq);
        Assert.Equal("0xabcd", r.Signature);
        Assert.Equal("house#42", r.DedupKey);
    }

    [Fact]
    public void Missing_timestamp_takes_receive_time_and_dedups_by_it()
    {
        var r = Parse("""{"powerW":5}""");
        Assert.Equal(ReceivedAt, r.Timestamp);
        Assert.Equal($"house@{ReceivedAt.ToUnixTimeMilliseconds()}", r.DedupKey);
    }

    [Fact]
    public void Unix_milliseconds_and_offsets_are_normalised_to_utc()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), Parse("""{"timestamp":1700000000123,"powerW":1}""").Timestamp);
        var r = Parse("""{"timestamp":"2026-11-24T08:00:00+01:00","powerW":1}""");
        Assert.Equal(TimeSpan.Zero, r.Timestamp.Offset);
        Assert.Equal(7, r.Timestamp.Hour);
    }

    [Fact]
    public void Round_trips_through_canonical_json()
    {
        var r = Parse("""{"timestamp":"2026-11-24T06:59:58.123Z","energyImportWh":1.25,"voltageV":[230,231],"seq":7}""");
        var again = ReadingJson.Parse(ReadingJson.ToUtf8Bytes(r), null, ReceivedAt);
        Assert.Equal(r.Timestamp, again.Timestamp);
        Assert.Equal(r.EnergyImportWh, again.EnergyImportWh);
        Assert.Equal(r.VoltageV, again.VoltageV);
        Assert.Equal(r.Seq, again.Seq);
        Assert.Equal("house", again.MeterId);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"powerW":"12"}""", "powerW: expected a number, got a string")]
    [InlineData("""{"energyImportWh":true}""", "energyImportWh: expected a number")]
    [InlineData("""{"timestamp":"2026-11-24T07:00:00","powerW":1}""", "timestamp:")]
    [InlineData("""{"timestamp":"yesterday","powerW":1}""", "timestamp:")]
    [InlineData("""{"seq":-1,"powerW":1}""", "seq:")]
    [InlineData("""{"voltageV":[1,2,3,4]}""", "voltageV: expected 1 to 3")]
    [InlineData("""{"meterId":"garage","powerW":1}""", "meterId: the payload says 'garage'")]
    [InlineData("""{"seq":3}""", "carries no quantity")]
    [InlineData("""{"signature":"xyz","powerW":1}""", "signature:")]
    public void Bad_payloads_say_which_field_is_wrong(string json, string expected)
    {
        var ex = Assert.Throws<ReadingFormatException>(() => Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_must_name_its_meter_when_the_transport_does_not()
    {
        var ex = Assert.Throws<ReadingFormatException>(() => Parse("""{"powerW":1}""", meterId: null));
        Assert.Contains("meterId: missing", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ReadingFormatException>(() => Parse("""{"meterId":"Bad Id","powerW":1}""", meterId: null));
    }
}
