using System.Net;
using System.Net.Sockets;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;
using Hub.Plugins.Coap.Configuration;
using Hub.Plugins.Coap.Ingest;
using Hub.Plugins.Coap.Protocol.Client;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Coap.Observe;

/// <summary>
/// One observation loop per meter with <c>"Mode": "observe"</c> (RFC 7641): registers, ingests each notification
/// (SenML JSON by default, or as its Content-Format says), marks the meter offline and re-registers when it fails.
/// </summary>
internal sealed class CoapObserveService(
    CoapMeterDirectory meters,
    CoapPayloadDecoder decoder,
    CoapIngestor ingestor,
    CoapProblemReporter problems,
    CoapCounters counters,
    IMeterStatusSink status,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly ILogger _logger = loggers.CreateLogger<CoapObserveService>();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(meters.Meters.Where(m => m.Mode == CoapMeterMode.Observe && m.Url is not null).Select(m => ObserveLoopAsync(m, stoppingToken)));

    private async Task ObserveLoopAsync(CoapMeter meter, CancellationToken stoppingToken)
    {
        var url = meter.Url!;
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(url.Host, stoppingToken).ConfigureAwait(false);
                var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
                var client = new CoapClient(new IPEndPoint(address, url.IsDefaultPort || url.Port < 0 ? 5683 : url.Port), logger: loggers.CreateLogger<CoapClient>());
                await using (client.ConfigureAwait(false))
                {
                    CoapLog.Observing(_logger, meter.Id, url);
                    await client.ObserveAsync(url.AbsolutePath, (message, ct) => OnNotificationAsync(meter, message, ct), stoppingToken).ConfigureAwait(false);
                }

                reason = "the meter ended the observation";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is CoapTimeoutException or CoapResetException or SocketException or IngestClosedException)
            {
                reason = ex.Message;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            status.MarkOffline(meter.Id, $"CoAP observe of {url}: {reason}");
            problems.Report(IngestProblemKind.MeterUnreachable, meter.Id, reason, url.ToString());
            CoapLog.ObserveFailed(_logger, meter.Id, url, reason, RetryDelay.TotalSeconds);
            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async ValueTask OnNotificationAsync(CoapMeter meter, CoapMessage message, CancellationToken cancellationToken)
    {
        counters.AddNotification();
        var source = meter.Url!.ToString();
        if (!message.Code.IsSuccess)
        {
            problems.Report(IngestProblemKind.MeterUnreachable, meter.Id, $"the meter answered {message.Code}: {message.PayloadText}", source);
            return;
        }

        try
        {
            var readings = decoder.Decode(message.ContentFormat ?? SenmlJson.ContentFormat, message.Payload, meter.Id, time.GetUtcNow());
            var rejected = await ingestor.IngestAllAsync(readings, cancellationToken).ConfigureAwait(false);
            if (rejected is not null)
            {
                problems.Report(IngestProblemKind.MalformedPayload, meter.Id, rejected, source);
            }
        }
        catch (Exception ex) when (ex is ReadingFormatException or UnknownMeterException or MeterNotAllowedException or UnsupportedContentFormatException)
        {
            problems.Report(ex is UnsupportedContentFormatException ? IngestProblemKind.UnsupportedFormat : IngestProblemKind.MalformedPayload, meter.Id, ex.Message, source);
        }
    }
}
