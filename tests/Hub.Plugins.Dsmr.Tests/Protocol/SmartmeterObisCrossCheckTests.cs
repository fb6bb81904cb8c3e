using System.Globalization;
using System.Text.Json;
using Hub.Plugins.Dsmr.Protocol;
using Hub.Plugins.Dsmr.Tests.Peers;

namespace Hub.Plugins.Dsmr.Tests.Protocol;

/// <summary>Every register the plugin maps is read the same by npm's smartmeter-obis, field by field.</summary>
public sealed class SmartmeterObisCrossCheckTests
{
    public static TheoryData<string> Telegrams => ["dsmr5", "dsmr42", "dsmr22", "emucs"];

    [Theory]
    [MemberData(nameof(Telegrams))]
    public async Task Registers_agree_with_smartmeter_obis(string version)
    {
        var bytes = version switch
        {
            "dsmr5" => P1TelegramWriter.Dsmr5().Build(),
            "dsmr42" => P1TelegramWriter.Dsmr42().Build(),
            "dsmr22" => P1TelegramWriter.Dsmr22().Build(crc: false),
            _ => P1TelegramWriter.EMucs().Build(),
        };
        var ours = TestMap.Decode(bytes);
        var theirs = await SmartmeterObis.ParseAsync(bytes);
        Assert.NotEmpty(ours.Registers);
        foreach (var (obis, canonical) in ours.Registers)
        {
            Assert.True(theirs.TryGetValue(obis, out var values), $"smartmeter-obis has no {obis}; it has {string.Join(", ", theirs.Keys)}");
            var (value, unit) = values[0];
            var number = AsNumber(value) ?? throw new InvalidOperationException($"{obis}: smartmeter-obis gives no number but {value}");
            var factor = unit switch { "kWh" or "kW" => 1000, _ => 1 };
            Assert.True(Math.Abs(number * factor - canonical) < 1e-6, $"{obis}: smartmeter-obis {number} {unit}, plugin {canonical}");
        }

        // The meter's clock and the gas volume, too.
        if (ours.Electricity.Timestamp != DateTimeOffset.UnixEpoch)
        {
            Assert.Equal(ours.Electricity.Timestamp, P1Timestamp.Parse(theirs["0-0:1.0.0"][0].Value.GetString()!));
        }

        foreach (var gas in ours.Gas)
        {
            var gasValues = theirs.First(kv => kv.Key.StartsWith(string.Create(CultureInfo.InvariantCulture, $"0-{gas.Channel}:24."), StringComparison.Ordinal) && kv.Key != $"0-{gas.Channel}:24.1.0" && kv.Key != $"0-{gas.Channel}:24.4.0").Value;
            Assert.Contains(gasValues, v => AsNumber(v.Value) is { } n && Math.Abs(n - gas.VolumeM3) < 1e-9);
        }
    }

    // smartmeter-obis gives numbers with a unit as numbers, and a bare value (DSMR 2.2's gas line) as its text.
    private static double? AsNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
