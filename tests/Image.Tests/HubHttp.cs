using System.Net;
using System.Text.Json;

namespace Image.Tests;

/// <summary>
/// HTTP to a hub these tests did not start through HubProcess (the hub in the booted image, the releases of the
/// update tests): every request goes through here, so that authentication (accounts) is added in one place.
/// </summary>
public sealed class HubHttp : IDisposable
{
    private readonly HttpClient _http;

    public HubHttp(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress;
        // The hub in the image has a self-signed certificate made at its first start; the test reaches it only on
        // loopback through qemu's port forward.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public Uri BaseAddress { get; }

    /// <summary>GET: the status and the JSON body (Undefined when the body is not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, string Text)> GetAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            body = default;
        }

        return (response.StatusCode, body, text);
    }

    /// <summary>True when GET /health answers 200; false on any other answer or no answer.</summary>
    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            return (await GetAsync("/health")).Status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The first page of /api/readings for a meter (its items).</summary>
    public async Task<IReadOnlyList<JsonElement>> ReadingsAsync(string meterId)
    {
        var (status, body, text) = await GetAsync($"/api/readings?meter={Uri.EscapeDataString(meterId)}");
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /api/readings answered {(int)status}: {text}");
        }

        return [.. body.GetProperty("items").EnumerateArray()];
    }

    public void Dispose() => _http.Dispose();
}
