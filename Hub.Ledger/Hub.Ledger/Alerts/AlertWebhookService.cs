using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Ledger;

/// <summary>
/// POSTs every alert as JSON (<see cref="OutputJson.Alert"/>) to <c>Alerts:WebhookUrl</c>. Alerts wait in a bounded
/// in-memory queue (the oldest is dropped when it is full), each is tried up to <c>Alerts:WebhookAttempts</c> times
/// with exponential back-off, and a failure is logged and counted in <c>/health</c> under <c>outputs.webhook</c>.
/// It reads alerts from <see cref="IHubEvents"/>, which drops for a slow subscriber, so a slow or dead webhook never
/// slows the writer or ingest. Alerts are not persisted for the webhook: after a restart only new alerts are sent
/// (<c>/api/alerts</c> keeps them all).
/// </summary>
internal sealed partial class AlertWebhookService(
    IHubEvents events,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertWebhookService> logger) : BackgroundService, IOutputHealth
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private long _delivered;
    private long _failed;
    private long _retries;
    private long _dropped;
    private int _queued;
    private volatile string? _lastError;
    private long _lastDeliveredTicks;
    private volatile bool _lastAttemptFailed;

    public string OutputName => "webhook";

    public PluginHealthReport Report()
    {
        var url = options.Value.WebhookUrl;
        if (url is null)
        {
            return new PluginHealthReport(true, "not-configured", new Dictionary<string, object?>(StringComparer.Ordinal));
        }

        var lastDelivered = Interlocked.Read(ref _lastDeliveredTicks);
        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["url"] = RedactedUrl(url),
            ["delivered"] = Interlocked.Read(ref _delivered),
            ["failed"] = Interlocked.Read(ref _failed),
            ["retries"] = Interlocked.Read(ref _retries),
            ["dropped"] = Interlocked.Read(ref _dropped),
            ["queued"] = Volatile.Read(ref _queued),
            ["lastError"] = _lastError,
            ["lastDeliveredAt"] = lastDelivered == 0 ? null : ReadingJson.FormatTimestamp(new DateTimeOffset(lastDelivered, TimeSpan.Zero)),
        };

        // Unhealthy as an output only: /health's overall status stays with the store and the plugins.
        return new PluginHealthReport(!_lastAttemptFailed, _lastAttemptFailed ? "failing" : "delivering", details);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.WebhookUrl is not { } url)
        {
            return;
        }

        var queue = Channel.CreateBounded<AlertOutput>(
            new BoundedChannelOptions(settings.WebhookQueueSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            dropped =>
            {
                Interlocked.Increment(ref _dropped);
                Interlocked.Decrement(ref _queued);
                LogDropped(dropped.Id, settings.WebhookQueueSize);
            });
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            // Each attempt has its own timeout below; HttpClient's would also cancel the back-off.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var sender = SendAllAsync(client, new Uri(url), settings, queue.Reader, stoppingToken);
        try
        {
            await foreach (var hubEvent in events.SubscribeAsync(stoppingToken).ConfigureAwait(false))
            {
                if (HubOutputFeed.Map(hubEvent) is AlertOutput alert)
                {
                    Interlocked.Increment(ref _queued);
                    queue.Writer.TryWrite(alert);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        queue.Writer.TryComplete();
        await sender.ConfigureAwait(false);
    }

    private async Task SendAllAsync(HttpClient client, Uri url, AlertOptions settings, ChannelReader<AlertOutput> queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Interlocked.Decrement(ref _queued);
                await SendAsync(client, url, settings, alert, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: alerts still queued are not sent (they stay in /api/alerts).
        }
    }

    private async Task SendAsync(HttpClient client, Uri url, AlertOptions settings, AlertOutput alert, CancellationToken stoppingToken)
    {
        var body = OutputJson.Alert(alert);
        var retry = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            var error = await PostAsync(client, url, body, TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds), stoppingToken).ConfigureAwait(false);
            if (error is null)
            {
                _lastAttemptFailed = false;
                Interlocked.Increment(ref _delivered);
                Interlocked.Exchange(ref _lastDeliveredTicks, time.GetUtcNow().UtcTicks);
                return;
            }

            _lastAttemptFailed = true;
            _lastError = error;
            if (attempt >= settings.WebhookAttempts)
            {
                Interlocked.Increment(ref _failed);
                LogGaveUp(alert.Id, attempt, error);
                return;
            }

            Interlocked.Increment(ref _retries);
            LogRetry(alert.Id, attempt, error, retry.TotalSeconds);
            await Task.Delay(retry, time, stoppingToken).ConfigureAwait(false);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    /// <summary>Null when the webhook answered 2xx, else why not.</summary>
    private static async Task<string?> PostAsync(HttpClient client, Uri url, byte[] body, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(timeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await client.PostAsync(url, content, attempt.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The URL without user info or query, which may hold a secret.</summary>
    private static string RedactedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : url;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert webhook: alert {AlertId} attempt {Attempt} failed ({Error}); retrying in {Seconds} s")]
    private partial void LogRetry(long alertId, int attempt, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert webhook: alert {AlertId} was not delivered after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(long alertId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert webhook: alert {AlertId} dropped, {QueueSize} alerts already wait for the webhook")]
    private partial void LogDropped(long alertId, int queueSize);
}
