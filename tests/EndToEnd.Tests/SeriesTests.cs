using System.Globalization;
using System.Net;
using System.Text.Json;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// /api/series against a real hub process fed over MQTT: hourly roll-ups equal the counters' differences, and after
/// kill -9 the restarted hub rolls up what was acknowledged but not rolled up yet.
/// </summary>
public sealed class SeriesTests
{
    [Fact]
    public async Task HourlySeries_AfterKillDashNine_CatchesUpWithEveryAcknowledgedReading()
    {
        // The roll-up tick is an hour away: only the run at start rolls up, so what the test sees after the kill
        // was rolled up by the restarted hub.
        await using var scope = await HubScope.StartAsync(["house"], c => c with { HubSettings = new Dictionary<string, double> { ["RollupSeconds"] = 3600 } });
        var now = TimeProvider.System.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-3);
        await using (var meter = await MeterClient.ConnectAsync(scope.BrokerPort, scope.Config.Meter("house")))
        {
            for (ulong seq = 0; seq < 90; seq++)
            {
                // One reading a minute from three hours ago: 10 Wh apart, so 600 Wh in each full hour.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await meter.PublishAsync(Readings.Household("house", seq, start) with { Timestamp = start.AddMinutes(seq) }, timeout.Token);
            }
        }

        await scope.Hub.KillHardAsync();
        await scope.RestartAsync();

        var query = string.Create(CultureInfo.InvariantCulture, $"/api/series?meter=house&quantity=energyImportWh&step=hour&from={start:yyyy-MM-ddTHH:mm:ssZ}&to={start.AddHours(3):yyyy-MM-ddTHH:mm:ssZ}");
        JsonElement series = default;
        await scope.Hub.EventuallyAsync(async () =>
        {
            series = await scope.Hub.GetJsonAsync(query);
            return series.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("count").GetInt64()) == 90;
        }, TimeSpan.FromSeconds(30), "the 90 acknowledged readings rolled up after the restart");

        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([start, start.AddHours(1)], points.Select(p => DateTimeOffset.Parse(p.GetProperty("start").GetString()!, CultureInfo.InvariantCulture)));
        Assert.Equal([590.0, 300.0], points.Select(p => p.GetProperty("value").GetDouble())); // the first reading is the base
        Assert.Equal("Wh", series.GetProperty("unit").GetString());
        Assert.Equal(start.AddMinutes(89), DateTimeOffset.Parse(series.GetProperty("rolledThrough").GetString()!, CultureInfo.InvariantCulture));

        var power = await scope.Hub.GetJsonAsync(query.Replace("energyImportWh", "powerW", StringComparison.Ordinal).Replace("step=hour", "step=raw", StringComparison.Ordinal));
        Assert.Equal(90, power.GetProperty("points").GetArrayLength());

        var (status, problem) = await scope.Hub.GetAsync("/api/series?meter=garage&quantity=powerW");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("meter", out _), problem.ToString());
    }

    [Fact]
    public async Task Retention_PrunesOldSealedReadings_KeepsTheirHistory_AndVerifyStillPasses()
    {
        await using var scope = await HubScope.StartAsync(["house"], c => c with
        {
            HubSettings = new Dictionary<string, double> { ["RollupSeconds"] = 1, ["BlockSeconds"] = 1, ["RetentionDays"] = 1 },
        });
        var now = TimeProvider.System.GetUtcNow();
        var old = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(-3);
        await using (var meter = await MeterClient.ConnectAsync(scope.BrokerPort, scope.Config.Meter("house")))
        {
            for (ulong seq = 0; seq < 30; seq++)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await meter.PublishAsync(Readings.Household("house", seq, old) with { Timestamp = old.AddMinutes(seq) }, timeout.Token);
            }
        }

        var proof = default((HttpStatusCode Status, JsonElement Body));
        await scope.Hub.EventuallyAsync(async () =>
        {
            proof = await scope.Hub.GetAsync("/api/readings/1/proof");
            return proof.Status == HttpStatusCode.NotFound && proof.Body.GetProperty("title").GetString() == "Reading pruned";
        }, TimeSpan.FromSeconds(60), "reading 1 sealed, then pruned");
        await scope.Hub.EventuallyAsync(async () => (await scope.Hub.AllReadingsAsync("house")).Count == 0, TimeSpan.FromSeconds(30), "all 30 old readings pruned");

        await using (var meter = await MeterClient.ConnectAsync(scope.BrokerPort, scope.Config.Meter("house")))
        {
            for (ulong seq = 30; seq < 35; seq++)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await meter.PublishAsync(Readings.Household("house", seq, old) with { Timestamp = now.AddMinutes(-40.0 + seq) }, timeout.Token);
            }
        }

        // The pruned readings are still in the hourly history and the block still holds them.
        var series = await scope.Hub.GetJsonAsync(string.Create(CultureInfo.InvariantCulture, $"/api/series?meter=house&quantity=energyImportWh&step=hour&from={old:yyyy-MM-ddTHH:mm:ssZ}&to={old.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}"));
        var hour = series.GetProperty("points").EnumerateArray().Single();
        Assert.Equal(30, hour.GetProperty("count").GetInt64());
        Assert.Equal(290, hour.GetProperty("value").GetDouble());
        var block = await scope.Hub.GetJsonAsync("/api/blocks/1");
        Assert.Equal(1, block.GetProperty("firstReadingId").GetInt64());
        await scope.Hub.EventuallyAsync(async () => (await scope.Hub.AllReadingsAsync("house")).Count == 5, TimeSpan.FromSeconds(30), "the 5 recent readings stored");

        await scope.Hub.TerminateAsync();
        await using var verify = ChildProcess.Start("verify", DotnetHost.Path, [RepoPaths.HubHostDll, "verify", "--config", scope.Hub.ConfigPath], workingDirectory: Path.GetDirectoryName(scope.Hub.ConfigPath));
        var code = await verify.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(code == 0, $"verify exited {code} after pruning:\n{verify.Log}");
    }
}
