using System.Net;
using System.Net.Http.Headers;

namespace MeterFirmware.Uplink;

/// <summary>
/// Publishes each reading as POST /api/readings with the canonical JSON and <c>Authorization: Bearer</c>
/// (docs/coap-http.md "Push"). Only a 2xx, sent once the hub has the reading durable, acknowledges it.
/// </summary>
internal sealed class HttpPublisher : IUplinkPublisher
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly Uri _readings;
    private readonly HttpClient _http;

    public HttpPublisher(Uri hub, string token)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(token);
        _readings = new Uri(hub, "/api/readings");
        _http = new HttpClient { Timeout = RequestTimeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Endpoint = hub.GetLeftPart(UriPartial.Authority);
    }

    public string Endpoint { get; }

    /// <summary>False after a failed request, so the worker's reconnect backoff applies while the hub is away.</summary>
    public bool IsConnected { get; private set; }

    /// <summary>HTTP connects per request (pooled); this only checks that the hub accepts TCP connections.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The hub is not reachable.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        await probe.ConnectAsync(_readings.Host, _readings.Port, cancellationToken).ConfigureAwait(false);
        IsConnected = true;
    }

    public async Task<(PublishOutcome Outcome, string Reason)> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(_readings, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var reason = body.Length == 0 ? $"{(int)response.StatusCode}" : $"{(int)response.StatusCode} ({body})";
        if (response.IsSuccessStatusCode)
        {
            return (PublishOutcome.Acknowledged, reason);
        }

        // 400/413/415: this reading can never be taken; 401/403 (token not configured yet), 503 may clear up.
        return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType
            ? (PublishOutcome.Rejected, reason)
            : (PublishOutcome.RefusedForNow, reason);
    }

    public Task AbortAsync()
    {
        IsConnected = false;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
