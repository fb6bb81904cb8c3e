using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>curl pushing readings to the real hub's POST /api/readings with and without the meter's bearer token.</summary>
public sealed class HttpPushTests
{
    private const string HeatToken = "heat-token-0123456789";
    private const string PvToken = "pv-token-0123456789ab";

    private static Task<HubScope> StartAsync() => HubScope.StartAsync(["house"], c => c with
    {
        OtherMeters =
        [
            new JsonObject { ["Id"] = "heat", ["Plugin"] = "http", ["Token"] = HeatToken },
            new JsonObject { ["Id"] = "pv", ["Plugin"] = "http", ["Token"] = PvToken, ["Urn"] = "urn:dev:mac:00aa" },
        ],
    });

    private static async Task<(int Status, string ContentType, JsonElement Body)> CurlAsync(HubScope scope, string? token, string contentType, string body)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = ["-s", "-o", "-", "-w", "\n%{http_code} %{content_type}", "-X", "POST", $"{scope.Config.Url}/api/readings",
            "-H", $"Content-Type: {contentType}", "--data-binary", body];
        foreach (var arg in token is null ? args : [.. args, "-H", $"Authorization: Bearer {token}"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lastLine = output[(output.LastIndexOf('\n') + 1)..].Split(' ', 2);
        var json = output[..output.LastIndexOf('\n')];
        return (int.Parse(lastLine[0], System.Globalization.CultureInfo.InvariantCulture), lastLine[1], JsonDocument.Parse(json).RootElement.Clone());
    }

    [Fact]
    public async Task Canonical_and_senml_pushes_with_the_meters_token_are_stored()
    {
        await using var scope = await StartAsync();

        var canonical = await CurlAsync(scope, HeatToken, "application/json", """{"timestamp":"2026-03-04T05:06:07.000Z","powerW":2100,"energyImportWh":5000,"voltageV":[230,231,232]}""");
        var senml = await CurlAsync(scope, PvToken, "application/senml+json", """[{"bn":"urn:dev:mac:00aa:","n":"power","u":"W","v":-800},{"n":"energy-export","u":"kWh","v":3.5}]""");

        Assert.Equal(200, canonical.Status);
        Assert.Equal(1, canonical.Body.GetProperty("stored").GetInt32());
        Assert.Equal(200, senml.Status);
        var heat = Assert.Single(await scope.Hub.AllReadingsAsync("heat"));
        Assert.Equal(2100, heat.GetProperty("powerW").GetDouble());
        Assert.Equal([230.0, 231, 232], heat.GetProperty("voltageV").EnumerateArray().Select(v => v.GetDouble()));
        var pv = Assert.Single(await scope.Hub.AllReadingsAsync("pv"));
        Assert.Equal(-800, pv.GetProperty("powerW").GetDouble());
        Assert.Equal(3500, pv.GetProperty("energyExportWh").GetDouble());
    }

    [Fact]
    public async Task Missing_wrong_and_foreign_tokens_and_bad_bodies_are_refused_and_nothing_is_stored()
    {
        await using var scope = await StartAsync();

        var none = await CurlAsync(scope, null, "application/json", """{"powerW":1}""");
        var wrong = await CurlAsync(scope, "not-a-token-of-anyone", "application/json", """{"powerW":1}""");
        var foreign = await CurlAsync(scope, HeatToken, "application/json", """{"meterId":"pv","powerW":1}""");
        var foreignSenml = await CurlAsync(scope, HeatToken, "application/senml+json", """[{"bn":"urn:dev:mac:00aa:","n":"power","u":"W","v":1}]""");
        var badField = await CurlAsync(scope, HeatToken, "application/json", """{"powerW":"lots"}""");
        var badType = await CurlAsync(scope, HeatToken, "text/plain", "powerW=1");

        Assert.Equal(401, none.Status);
        Assert.Equal(401, wrong.Status);
        Assert.Equal(403, foreign.Status);
        Assert.Equal(403, foreignSenml.Status);
        Assert.Equal(400, badField.Status);
        Assert.Equal("application/problem+json", badField.ContentType.Split(';')[0]);
        Assert.Equal("powerW", badField.Body.GetProperty("field").GetString());
        Assert.Equal(415, badType.Status);
        Assert.Empty(await scope.Hub.AllReadingsAsync("heat"));
        Assert.Empty(await scope.Hub.AllReadingsAsync("pv"));
        Assert.True(await scope.Hub.ProblemCountAsync("http", "authentication-failed") >= 4);
    }
}
