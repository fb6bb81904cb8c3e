using Hub.Plugins.Sml.Tests.Peers;

namespace Hub.Plugins.Sml.Tests.Protocol;

/// <summary>Debian's libsml decodes the same frames to the same values, entry by entry.</summary>
public sealed class LibsmlCrossCheckTests
{
    public static TheoryData<string> DataSets => ["full", "reduced", "export"];

    [Theory]
    [MemberData(nameof(DataSets))]
    public async Task Entries_agree_with_libsml(string set)
    {
        var frame = set switch
        {
            "full" => SmlFileWriter.Frame(SmlFileWriter.FullDataSet(123_456_789, 9_876_543, 1234)),
            "reduced" => SmlFileWriter.Frame(SmlFileWriter.ReducedDataSet(4_711_000)),
            _ => SmlFileWriter.Frame(SmlFileWriter.FullDataSet(5, 77_777_777, -3000)),
        };
        var ours = SmlProtocolTests.Decode(frame);
        var theirs = await Libsml.DecodeAsync(frame);
        Assert.True(theirs.CrcOk, "libsml's CRC of the transport frame does not match the one we sent");
        Assert.Equal(ours.ServerId, theirs.ServerId);
        Assert.NotEmpty(ours.Registers);
        foreach (var (obis, value) in ours.Registers)
        {
            var entry = Assert.Single(theirs.Entries, e => e.Obis == obis + "*255");
            var scaled = entry.Value!.Value * Math.Pow(10, entry.Scaler ?? 0);
            Assert.True(Math.Abs(scaled - value) < 1e-6 * Math.Max(1, Math.Abs(value)), $"{obis}: libsml {entry.Value} x 10^{entry.Scaler} = {scaled}, plugin {value}");
        }
    }
}
