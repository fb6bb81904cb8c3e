using System.Text.Json;
using Hub.Plugins.Abstractions;

namespace EndToEnd.Tests;

/// <summary>Compares a reading from the API (COMMON.md "a reading") with the one that was sent.</summary>
public static class ReadingAssert
{
    /// <summary>Every canonical field the meter sent comes back with the same value; id and receivedAt are set.</summary>
    public static void SameValues(Reading expected, JsonElement actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var context = actual.ToString();
        Assert.True(actual.GetProperty("meterId").GetString() == expected.MeterId, $"meterId differs: {context}");
        Assert.True(actual.GetProperty("timestamp").GetString() == ReadingJson.FormatTimestamp(expected.Timestamp), $"timestamp differs from {ReadingJson.FormatTimestamp(expected.Timestamp)}: {context}");
        Number("energyImportWh", expected.EnergyImportWh);
        Number("energyExportWh", expected.EnergyExportWh);
        Number("powerW", expected.PowerW);
        Number("frequencyHz", expected.FrequencyHz);
        Phases("voltageV", expected.VoltageV);
        Phases("currentA", expected.CurrentA);
        if (expected.Seq is { } seq)
        {
            Assert.True(actual.GetProperty("seq").GetUInt64() == seq, $"seq differs from {seq}: {context}");
        }

        Assert.False(string.IsNullOrEmpty(actual.GetProperty("id").ToString()), $"no id: {context}");
        Assert.True(actual.TryGetProperty("receivedAt", out var receivedAt) && receivedAt.ValueKind == JsonValueKind.String, $"no receivedAt: {context}");

        void Number(string name, double? value)
        {
            if (value is { } v)
            {
                Assert.True(actual.TryGetProperty(name, out var got) && got.ValueKind == JsonValueKind.Number && got.GetDouble() == v, $"{name} should be {v}: {context}");
            }
        }

        void Phases(string name, IReadOnlyList<double>? values)
        {
            if (values is not null)
            {
                Assert.True(actual.TryGetProperty(name, out var got) && got.ValueKind == JsonValueKind.Array, $"{name} should be an array: {context}");
                Assert.Equal(values, got.EnumerateArray().Select(e => e.GetDouble()).ToArray());
            }
        }
    }

    /// <summary>The reading's <c>seq</c> (readings in these tests always carry one).</summary>
    public static ulong Seq(JsonElement reading) => reading.GetProperty("seq").GetUInt64();
}
