using System.Text.Json;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// Garbage, intruders and oversized payloads: the hub keeps running, counts each kind of problem in /health, lists
/// them in /api/alerts, and still stores every valid reading sent in between. A counter that goes backwards is
/// stored, marked invalid, and raises an alert.
/// </summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task BadPublishes_AreCountedAndAlerted_HubKeepsServing_ValidReadingsInBetweenAreStored()
    {
        await using var scope = await HubScope.StartAsync("m1", "m2");
        var hub = scope.Hub;
        var port = scope.BrokerPort;
        var m1 = scope.Config.Meter("m1");
        var m2 = scope.Config.Meter("m2");
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-20);
        ulong seq = 0;
        var log = new List<string>();

        async Task SendValidAsync()
        {
            var result = await MosquittoClients.PublishAsync(port, m1, Readings.Json(Readings.Household("m1", ++seq, start)), PublishTimeout);
            Assert.True(result.Succeeded, $"valid reading seq {seq} was not acknowledged: {result.Output}\n{string.Join("\n", log)}\nhub log:\n{hub.Log}");
        }

        async Task SendBadAsync(string what, int port, string topic, byte[] payload, string? user, string? password)
        {
            var result = await MosquittoClients.PublishAsync(port, topic, payload, user, password, PublishTimeout);
            log.Add($"{what}: exit {result.ExitCode} {result.Output.Trim()}");
        }

        byte[] Text(string s) => System.Text.Encoding.UTF8.GetBytes(s);
        var now = SmartMeterTime.Iso(start.AddSeconds(500));

        await SendValidAsync();
        await SendBadAsync("malformed JSON", port, m1.ReadingTopic, Text("{\"meterId\":\"m1\",\"timestamp\":"), m1.Username, m1.Password);
        await SendValidAsync();
        await SendBadAsync("powerW \"abc\"", port, m1.ReadingTopic, Text($"{{\"meterId\":\"m1\",\"timestamp\":\"{now}\",\"powerW\":\"abc\",\"seq\":9999}}"), m1.Username, m1.Password);
        await SendValidAsync();
        var wrongPassword = await MosquittoClients.PublishAsync(port, m1.ReadingTopic, Text(Readings.Json(Readings.Household("m1", 9998, start))), m1.Username, "not-the-password", PublishTimeout);
        Assert.False(wrongPassword.Succeeded, $"a wrong password must be refused: {wrongPassword.Output}");
        var unknownUser = await MosquittoClients.PublishAsync(port, m1.ReadingTopic, Text(Readings.Json(Readings.Household("m1", 9997, start))), "intruder", "intruder-secret", PublishTimeout);
        Assert.False(unknownUser.Succeeded, $"an unknown user must be refused: {unknownUser.Output}");
        await SendValidAsync();
        await SendBadAsync("m1 on m2's topic", port, m2.ReadingTopic, Text(Readings.Json(Readings.Household("m2", 1, start))), m1.Username, m1.Password);
        await SendValidAsync();
        var huge = new byte[10 * 1024 * 1024];
        Array.Fill(huge, (byte)' ');
        huge[0] = (byte)'{';
        huge[^1] = (byte)'}';
        await SendBadAsync("10 MB payload", port, m1.ReadingTopic, huge, m1.Username, m1.Password);
        await SendValidAsync();
        var validCount = seq;

        // energyImportWh lower than the previous reading: stored, but invalid (rule "counter-monotonic").
        var backwards = Readings.Household("m1", ++seq, start) with { EnergyImportWh = 10 };
        var sentBackwards = await MosquittoClients.PublishAsync(port, m1, Readings.Json(backwards), PublishTimeout);
        Assert.True(sentBackwards.Succeeded, $"an invalid reading is still stored and acknowledged: {sentBackwards.Output}\nhub log:\n{hub.Log}");

        var context = string.Join("\n", log);
        var expected = new Dictionary<string, long>
        {
            ["malformed-payload"] = 2,
            ["authentication-failed"] = 2,
            ["topic-not-allowed"] = 1,
            ["payload-too-large"] = 1,
        };
        await hub.EventuallyAsync(
            async () =>
            {
                foreach (var (kind, count) in expected)
                {
                    if (await hub.ProblemCountAsync("mqtt", kind) != count)
                    {
                        return false;
                    }
                }

                return true;
            },
            Soon,
            $"/health problems.mqtt counts {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))} (what was sent:\n{context})");

        var (status, health) = await hub.HealthAsync();
        Assert.True(status == System.Net.HttpStatusCode.OK, $"/health must stay 200 after bad input: {(int)status} {health}");

        var stored = await hub.AllReadingsAsync("m1");
        var storedSeqs = stored.Select(ReadingAssert.Seq).Order().ToArray();
        Assert.Equal([.. Enumerable.Range(1, (int)validCount + 1).Select(i => (ulong)i)], storedSeqs);
        foreach (var reading in stored.Where(r => ReadingAssert.Seq(r) <= validCount))
        {
            ReadingAssert.SameValues(Readings.Household("m1", ReadingAssert.Seq(reading), start), reading);
            Assert.True(reading.GetProperty("valid").GetBoolean(), $"a valid reading was marked invalid: {reading}");
        }

        Assert.Empty(await hub.AllReadingsAsync("m2"));

        var invalid = stored.Single(r => ReadingAssert.Seq(r) == seq);
        ReadingAssert.SameValues(backwards, invalid);
        Assert.False(invalid.GetProperty("valid").GetBoolean(), $"a counter going backwards must be invalid: {invalid}");
        Assert.Contains(
            invalid.GetProperty("verdicts").EnumerateArray(),
            v => v.GetProperty("rule").GetString() == "counter-monotonic" && !v.GetProperty("ok").GetBoolean());

        IReadOnlyList<JsonElement> alerts = [];
        string[] kinds = [.. expected.Keys, "invalid-reading"];
        await hub.EventuallyAsync(
            async () =>
            {
                alerts = await hub.AlertsAsync();
                return kinds.All(k => alerts.Any(a => a.GetProperty("kind").GetString() == k));
            },
            Soon,
            $"/api/alerts lists {string.Join(", ", kinds)}");
        var invalidAlert = alerts.First(a => a.GetProperty("kind").GetString() == "invalid-reading");
        Assert.Equal("m1", invalidAlert.GetProperty("meterId").GetString());
        Assert.Equal(invalid.GetProperty("id").ToString(), invalidAlert.GetProperty("readingId").ToString());
    }
}
