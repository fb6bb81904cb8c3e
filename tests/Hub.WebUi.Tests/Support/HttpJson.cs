using System.Net;
using System.Text.Json;

namespace Hub.WebUi.Tests.Support;

/// <summary>A response read as raw JSON, so tests check the wire form and not a client-side model.</summary>
public sealed record HttpJson(HttpStatusCode Status, string? ContentType, JsonElement Root, string Body)
{
    public static async Task<HttpJson> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        return new HttpJson(response.StatusCode, response.Content.Headers.ContentType?.MediaType, document.RootElement.Clone(), body);
    }

    /// <summary>Asserts an RFC 9457 problem with this status that names the parameter in detail and errors.</summary>
    public void AssertProblemNaming(HttpStatusCode status, string parameter)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal((int)status, Root.GetProperty("status").GetInt32());
        Assert.Contains(parameter, Root.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(parameter + ":", Root.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(Root.GetProperty("errors").TryGetProperty(parameter, out _), Body);
    }
}
