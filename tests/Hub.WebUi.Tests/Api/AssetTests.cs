using System.Net;
using Hub.WebUi.Tests.Support;

namespace Hub.WebUi.Tests.Api;

public sealed class AssetTests
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task Asset_ServedWithContentTypeAndRevalidation(string path, string mediaType)
    {
        await using var hub = await TestHub.StartAsync();

        using var response = await hub.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, "Cache-Control: no-cache");
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Asset_MatchingETag_Returns304WithoutBody()
    {
        await using var hub = await TestHub.StartAsync();
        using var first = await hub.Client.GetAsync(new Uri("/app.js", UriKind.Relative));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/app.js", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await hub.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Page_IsSelfContainedAndReferencesOnlyTheHub()
    {
        await using var hub = await TestHub.StartAsync();

        using var response = await hub.Client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("src=\"/app.js\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/app.css\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("aria-live=\"polite\"", html, StringComparison.Ordinal);
    }
}
