using System.Globalization;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;
using Hub.Plugins.Coap.Protocol.Codec;
using Hub.Plugins.Coap.Protocol.Server;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Coap.Ingest;

/// <summary>
/// <c>POST /readings</c>: decodes the payload, ingests each reading and answers 2.04 only once all are durable
/// (the server sends it piggybacked on the ACK of a CON). 4.00/4.15/4.04/4.03 carry a diagnostic payload.
/// </summary>
public sealed class ReadingsResource(
    CoapPayloadDecoder decoder,
    CoapIngestor ingestor,
    CoapProblemReporter problems,
    TimeProvider time,
    ILogger<ReadingsResource> logger)
{
    public const string Path = "/readings";

    public CoapResource ToResource() => new(
        Path,
        [new("rt", "smartmeter.readings"), new("if", "core.p"), new("ct", "110 112 50")],
        HandleAsync);

    public async ValueTask<CoapResponse> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = request.Remote.ToString();
        if (request.Method != CoapCode.Post)
        {
            return CoapResponse.Diagnostic(CoapCode.MethodNotAllowed, "POST readings here");
        }

        IReadOnlyList<Reading> readings;
        try
        {
            readings = decoder.Decode(request.ContentFormat, request.Body, null, time.GetUtcNow());
        }
        catch (UnsupportedContentFormatException ex)
        {
            problems.Report(IngestProblemKind.UnsupportedFormat, null, ex.Message, source);
            return CoapResponse.Diagnostic(CoapCode.UnsupportedContentFormat, ex.Message);
        }
        catch (ReadingFormatException ex)
        {
            problems.Report(IngestProblemKind.MalformedPayload, null, ex.Message, source);
            return CoapResponse.Diagnostic(CoapCode.BadRequest, ex.Message);
        }
        catch (UnknownMeterException ex)
        {
            problems.Report(IngestProblemKind.UnknownMeter, ex.MeterKey, ex.Message, source);
            return CoapResponse.Diagnostic(CoapCode.NotFound, ex.Message);
        }
        catch (MeterNotAllowedException ex)
        {
            problems.Report(IngestProblemKind.UnknownMeter, null, ex.Message, source);
            return CoapResponse.Diagnostic(CoapCode.Forbidden, ex.Message);
        }

        try
        {
            var rejected = await ingestor.IngestAllAsync(readings, cancellationToken).ConfigureAwait(false);
            if (rejected is not null)
            {
                problems.Report(IngestProblemKind.MalformedPayload, readings[0].MeterId, rejected, source);
                return CoapResponse.Diagnostic(CoapCode.BadRequest, rejected);
            }
        }
        catch (IngestClosedException)
        {
            CoapLog.IngestClosed(logger, readings[0].MeterId, source);
            return CoapResponse.Diagnostic(CoapCode.ServiceUnavailable, "the hub is stopping; send it again") with
            {
                Options = [CoapOption.FromUInt(CoapOptionNumber.MaxAge, 5)],
            };
        }

        return CoapResponse.Diagnostic(CoapCode.Changed, string.Create(CultureInfo.InvariantCulture, $"stored {readings.Count}"));
    }
}
