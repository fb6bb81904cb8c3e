using Hub.Plugins.Abstractions;
using Hub.Plugins.Http.Push;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Http.Poll;

/// <summary>
/// One polling loop per polled http meter (a coordinator per device): GET, parse, ingest, wait PollSeconds. A failed
/// poll marks the meter offline and is reported; the loop goes on.
/// </summary>
internal sealed class ShellyPollService(
    IReadOnlyList<PolledMeter> meters,
    IReadingIngest ingest,
    IIngestProblemSink problems,
    IMeterStatusSink status,
    PushCounters counters,
    TimeProvider time,
    ILogger<ShellyPollService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(meters.Select(m => PollLoopAsync(m, stoppingToken)));

    private async Task PollLoopAsync(PolledMeter meter, CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var reading = await PollOnceAsync(http, meter, stoppingToken).ConfigureAwait(false);
                var outcome = await ingest.IngestAsync(reading, stoppingToken).ConfigureAwait(false);
                if (outcome.IsDurable)
                {
                    counters.AddStored();
                    status.MarkOnline(meter.Id);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (IngestClosedException)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ReadingFormatException)
            {
                var kind = ex is ReadingFormatException ? IngestProblemKind.MalformedPayload : IngestProblemKind.MeterUnreachable;
                status.MarkOffline(meter.Id, $"{meter.Url}: {ex.Message}");
                problems.Report(new IngestProblem(HttpPluginInfo.Name, kind, meter.Id, ex.Message, meter.Url.ToString()));
                HttpLog.PollFailed(logger, meter.Id, meter.Url, ex.Message);
            }

            try
            {
                await Task.Delay(meter.Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Reading> PollOnceAsync(HttpClient http, PolledMeter meter, CancellationToken cancellationToken)
    {
        if (meter.Format == "shelly-gen2")
        {
            var root = meter.Url.GetLeftPart(UriPartial.Authority);
            var em = await http.GetByteArrayAsync(new Uri(root + ShellyGen2.EmStatusPath), cancellationToken).ConfigureAwait(false);
            var data = await http.GetByteArrayAsync(new Uri(root + ShellyGen2.EmDataStatusPath), cancellationToken).ConfigureAwait(false);
            return ShellyGen2.Parse(em, data, meter.Id, time.GetUtcNow());
        }

        var status = await http.GetByteArrayAsync(meter.Url, cancellationToken).ConfigureAwait(false);
        return ShellyGen1.Parse(status, meter.Id, time.GetUtcNow());
    }
}
