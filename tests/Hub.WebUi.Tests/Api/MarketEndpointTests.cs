using System.Net;
using System.Text;
using System.Text.Json;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

/// <summary>
/// What <c>/api/market/*</c> checks itself, before the market is asked: the paging parameters and the order body's
/// shape. The market's own answers (not-configured, 400/409 for orders it refuses) are tested against a real hub in
/// tests/EndToEnd.Tests/MarketApiTests.cs.
/// </summary>
public sealed class MarketEndpointTests
{
    [Theory]
    [InlineData("/api/market/offers?before=yesterday", "before", "expected a delivery interval (a whole number), got 'yesterday'.")]
    [InlineData("/api/market/offers?before=-3", "before", "expected a delivery interval (a whole number), got '-3'.")]
    [InlineData("/api/market/offers?limit=0", "limit", "expected 1 to 1000, got '0'.")]
    [InlineData("/api/market/trades?limit=1001", "limit", "expected 1 to 1000, got '1001'.")]
    [InlineData("/api/market/trades?before=1.5", "before", "expected a delivery interval (a whole number), got '1.5'.")]
    public async Task Paging_BadParameter_Is400NamingIt(string path, string parameter, string message)
    {
        await using var hub = await TestHub.StartAsync();

        var answer = await HttpJson.GetAsync(hub.Client, path);

        answer.AssertProblemNaming(HttpStatusCode.BadRequest, parameter);
        Assert.Equal(message, answer.Root.GetProperty("errors").GetProperty(parameter)[0].GetString());
    }

    [Theory]
    [InlineData("{\"energyWh\": 500, \"pricePerKwh\": 0.25}", "side", "required: \"sell\" (offer your export) or \"buy\" (bid for import).")]
    [InlineData("{\"side\": \"sell\", \"pricePerKwh\": 0.25}", "energyWh", "required: the energy in whole Wh, 1 to 2^40.")]
    [InlineData("{\"side\": \"sell\", \"energyWh\": 500}", "pricePerKwh", "required: the price per kWh in the tariff's currency (the lowest you sell at, or the most you pay).")]
    [InlineData("{\"side\": 1, \"energyWh\": 500, \"pricePerKwh\": 0.25}", "side", "expected \"sell\" or \"buy\" (a string), got number 1.")]
    [InlineData("{\"side\": \"sell\", \"energyWh\": \"500\", \"pricePerKwh\": 0.25}", "energyWh", "expected the energy in whole Wh, 1 to 2^40 (a number), got string \"500\".")]
    [InlineData("{\"side\": \"sell\", \"energyWh\": 1.5, \"pricePerKwh\": 0.25}", "energyWh", "expected the energy in whole Wh, 1 to 2^40 (a number), got number 1.5.")]
    [InlineData("{\"side\": \"sell\", \"energyWh\": 1e30, \"pricePerKwh\": 0.25}", "energyWh", "expected the energy in whole Wh, 1 to 2^40 (a number), got number 1e30.")]
    [InlineData("{\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": \"cheap\"}", "pricePerKwh", "expected the price per kWh in the tariff's currency, above 0 (a number such as 0.25), got string \"cheap\".")]
    [InlineData("{\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25, \"interval\": \"next\"}", "interval", "expected a delivery interval (a whole number), or null for the next open one, got string \"next\".")]
    [InlineData("{\"side\": \"sell\", \"energy\": 500, \"energyWh\": 500, \"pricePerKwh\": 0.25}", "energy", "unknown field; an order has side, energyWh, pricePerKwh, interval.")]
    [InlineData("{\"side\": \"sell\", \"side\": \"buy\", \"energyWh\": 500, \"pricePerKwh\": 0.25}", "side", "given twice; give it once.")]
    public async Task Post_BodyOfTheWrongShape_Is400NamingTheField(string body, string field, string message)
    {
        await using var hub = await TestHub.StartAsync();

        var answer = await PostAsync(hub.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal($"Invalid order field '{field}'", answer.Root.GetProperty("title").GetString());
        Assert.Equal(message, answer.Root.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal($"{field}: {message}", answer.Root.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_EveryMissingField_IsNamedInOneAnswer()
    {
        await using var hub = await TestHub.StartAsync();

        var answer = await PostAsync(hub.Client, "{}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("Invalid order fields", answer.Root.GetProperty("title").GetString());
        Assert.Equal(["side", "energyWh", "pricePerKwh"], answer.Root.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Theory]
    [InlineData("side=sell&energyWh=500", "The order is not JSON", "The body is not valid JSON (line 1, byte 1); send the order as a JSON object such as {\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25}.")]
    [InlineData("{\"side\": \"sell\",", "The order is not JSON", "The body is not valid JSON (line 1, byte 16); send the order as a JSON object such as {\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25}.")]
    [InlineData("", "The order is missing", "The body is empty; send the order as a JSON object such as {\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25}.")]
    [InlineData("[\"sell\", 500, 0.25]", "The order is not a JSON object", "Expected a JSON object such as {\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25}, got a JSON array.")]
    public async Task Post_NotAJsonObject_Is400SayingWhatToSend(string body, string title, string detail)
    {
        await using var hub = await TestHub.StartAsync();

        var answer = await PostAsync(hub.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(title, answer.Root.GetProperty("title").GetString());
        Assert.Equal(detail, answer.Root.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Post_WithoutJsonContentType_Is415(string contentType)
    {
        await using var hub = await TestHub.StartAsync();

        var answer = await PostAsync(hub.Client, "{\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25}", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains("Content-Type: application/json", answer.Root.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_HugeBody_Is413()
    {
        await using var hub = await TestHub.StartAsync();
        var padding = new string(' ', 5000);

        var answer = await PostAsync(hub.Client, "{\"side\": \"sell\"," + padding + "\"energyWh\": 500, \"pricePerKwh\": 0.25}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("The order is too large", answer.Root.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_HugeChunkedBody_Is413(bool chunked)
    {
        await using var hub = await TestHub.StartAsync();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"side\": \"" + new string('s', 9000) + "\"}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/market/offers", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked; // else StreamContent sends a Content-Length

        using var response = await hub.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>A hub wired without the market (no <c>IMarketView</c>) says so rather than failing with a 500.</summary>
    [Theory]
    [InlineData("/api/market/offers")]
    [InlineData("/api/market/trades")]
    public async Task Get_WithoutAMarketService_Is503SayingSo(string path)
    {
        await using var hub = await TestHub.StartAsync();

        var answer = await HttpJson.GetAsync(hub.Client, path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("No market in this hub", answer.Root.GetProperty("title").GetString());
    }

    private static async Task<HttpJson> PostAsync(HttpClient client, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri("/api/market/offers", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return new HttpJson(response.StatusCode, response.Content.Headers.ContentType?.MediaType, document.RootElement.Clone(), text);
    }
}
