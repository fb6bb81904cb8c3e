using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Hub.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.WebUi.Endpoints;

/// <summary>
/// <c>GET /api/events</c>: live readings and alerts as server-sent events (HTML Living Standard §9.2). Each event is
/// flushed at once; a <c>: keepalive</c> comment goes out on a timer; the stream ends when the client goes or the
/// hub stops.
/// </summary>
internal static class EventsEndpoint
{
    public const string ContentType = "text/event-stream";

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/events", StreamAsync)
            .WithName("StreamEvents")
            .WithTags("Events")
            .WithSummary("Live readings and alerts (server-sent events)")
            .WithDescription("A text/event-stream. 'event: reading' carries a reading (the same JSON as GET /api/readings/{id}); "
                + "'event: alert' carries an alert (as in GET /api/alerts). Each 'data:' is one line of JSON. A ': keepalive' "
                + "comment is sent every 15 s. Events are not replayed on reconnect: re-read /api/readings after reconnecting.")
            .Produces<string>(StatusCodes.Status200OK, ContentType);

    internal static async Task StreamAsync(
        HttpContext context,
        [FromServices] IHubEvents events,
        [FromServices] IOptions<WebUiOptions> options,
        [FromServices] IOptions<JsonOptions> json,
        [FromServices] TimeProvider time,
        [FromServices] IHostApplicationLifetime lifetime,
        [FromServices] ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(WebUiLog.Category);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;

        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // a reverse proxy must not hold events back
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var frames = new EventFrames(json.Value.SerializerOptions);
        var keepAliveInterval = options.Value.KeepAliveInterval;

        // Subscribe before the first flush: once the client sees the stream open, no event is missed.
        var subscription = events.SubscribeAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = subscription.MoveNextAsync().AsTask();
        var reason = "the hub's event feed ended";
        WebUiLog.EventStreamOpened(logger, remote);
        try
        {
            var retry = ((long)options.Value.ReconnectDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            if (!await WriteAsync(response.BodyWriter, Encoding.UTF8.GetBytes($"retry: {retry}\n\n"), cancellationToken).ConfigureAwait(false))
            {
                reason = "the client went away";
                return;
            }

            var keepAlive = Task.Delay(keepAliveInterval, time, cancellationToken);
            while (true)
            {
                var first = await Task.WhenAny(next, keepAlive).ConfigureAwait(false);
                ReadOnlyMemory<byte> frame;
                if (first == keepAlive)
                {
                    await keepAlive.ConfigureAwait(false); // throws when cancelled
                    keepAlive = Task.Delay(keepAliveInterval, time, cancellationToken);
                    frame = EventFrames.KeepAlive;
                }
                else
                {
                    if (!await next.ConfigureAwait(false))
                    {
                        break;
                    }

                    var hubEvent = subscription.Current;
                    next = subscription.MoveNextAsync().AsTask();
                    if (frames.Format(hubEvent) is not { } formatted)
                    {
                        continue; // a kind of event this page does not show
                    }

                    frame = formatted;
                }

                if (!await WriteAsync(response.BodyWriter, frame, cancellationToken).ConfigureAwait(false))
                {
                    reason = "the client went away";
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reason = context.RequestAborted.IsCancellationRequested ? "the client went away" : "the hub is stopping";
        }
        catch (IOException)
        {
            reason = "the connection broke";
        }
#pragma warning disable CA1031 // a failing feed must end this one stream, not surface as an error page mid-stream
        catch (Exception ex) when (next.IsFaulted)
#pragma warning restore CA1031
        {
            WebUiLog.EventFeedFailed(logger, remote, ex);
            reason = "the hub's event feed failed";
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await DisposeWhenIdleAsync(subscription, next).ConfigureAwait(false);
            WebUiLog.EventStreamClosed(logger, remote, reason);
        }
    }

    /// <summary>Writes and flushes one frame; false when the client is gone.</summary>
    private static async ValueTask<bool> WriteAsync(PipeWriter writer, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var result = await writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>
    /// An async enumerator must not be disposed while a MoveNextAsync is pending. A feed that honours cancellation
    /// completes at once; one that does not is disposed whenever it next yields.
    /// </summary>
    private static async Task DisposeWhenIdleAsync(IAsyncEnumerator<HubEvent> subscription, Task<bool> pending)
    {
        if (pending.IsCompleted)
        {
            _ = pending.Exception; // observed: the reason was logged or the stream was cancelled
            await subscription.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _ = pending.ContinueWith(
            async t =>
            {
                _ = t.Exception;
                await subscription.DisposeAsync().ConfigureAwait(false);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
