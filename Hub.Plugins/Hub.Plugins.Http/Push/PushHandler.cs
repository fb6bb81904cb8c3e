using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Hub.Plugins.Abstractions;
using Hub.Plugins.Abstractions.Formats.Senml;
using Hub.Plugins.Http.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hub.Plugins.Http.Push;

/// <summary>
/// The handler of <c>POST /api/readings</c>: a meter pushes a canonical JSON reading (<c>application/json</c>) or a SenML JSON pack
/// (<c>application/senml+json</c>) with <c>Authorization: Bearer &lt;Meters:N:Token&gt;</c>. No or an unknown token is 401,
/// a reading of another meter is 403, a bad body 400 naming the field; 200 only once every reading is durable.
/// </summary>
internal sealed class PushHandler(
    HttpMeterDirectory meters,
    IReadingIngest ingest,
    IIngestProblemSink problems,
    IMeterStatusSink status,
    PushCounters counters,
    TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var source = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, StatusCodes.Status401Unauthorized, IngestProblemKind.AuthenticationFailed, null, source,
                "no bearer token; send Authorization: Bearer <the meter's Token from hub.json>.");
        }

        var meterId = meters.MeterOfToken(authorization["Bearer ".Length..].Trim());
        if (meterId is null)
        {
            return Refuse(context, StatusCodes.Status401Unauthorized, IngestProblemKind.AuthenticationFailed, null, source,
                "the bearer token belongs to no http meter; check Meters:N:Token in hub.json.");
        }

        if (request.ContentLength > HttpPluginInfo.MaxBodyBytes)
        {
            return Refuse(context, StatusCodes.Status413PayloadTooLarge, IngestProblemKind.PayloadTooLarge, meterId, source,
                $"the body is larger than {HttpPluginInfo.MaxBodyBytes} bytes.");
        }

        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Refuse(context, StatusCodes.Status413PayloadTooLarge, IngestProblemKind.PayloadTooLarge, meterId, source,
                $"the body is larger than {HttpPluginInfo.MaxBodyBytes} bytes.");
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.ToString() : string.Empty;
        IReadOnlyList<Reading> readings;
        try
        {
            readings = mediaType switch
            {
                "application/json" => [ParseCanonical(body, meterId)],
                SenmlJson.MediaType => SenmlReadings.ToReadings(SenmlResolver.Resolve(SenmlJson.Parse(body), time.GetUtcNow()), key => meters.IsKeyOf(key, meterId) ? meterId : null),
                _ => throw new UnsupportedMediaTypeException($"Content-Type '{request.ContentType}' is not read here; send application/json (a canonical reading) or application/senml+json."),
            };
        }
        catch (UnsupportedMediaTypeException ex)
        {
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType, IngestProblemKind.UnsupportedFormat, meterId, source, ex.Message);
        }
        catch (ReadingFormatException ex)
        {
            return Refuse(context, StatusCodes.Status400BadRequest, IngestProblemKind.MalformedPayload, meterId, source, ex.Message);
        }
        catch (Exception ex) when (ex is UnknownMeterException or ForeignMeterException)
        {
            return Refuse(context, StatusCodes.Status403Forbidden, IngestProblemKind.AuthenticationFailed, meterId, source,
                $"the token of meter '{meterId}' may only send that meter's readings: {ex.Message}");
        }

        var stored = 0;
        var duplicates = 0;
        try
        {
            foreach (var reading in readings)
            {
                var outcome = await ingest.IngestAsync(reading, context.RequestAborted).ConfigureAwait(false);
                if (!outcome.IsDurable)
                {
                    return Refuse(context, StatusCodes.Status422UnprocessableEntity, IngestProblemKind.MalformedPayload, meterId, source, outcome.Detail ?? "the reading was rejected");
                }

                if (outcome.Status == IngestStatus.Duplicate)
                {
                    duplicates++;
                    counters.AddDuplicate();
                }
                else
                {
                    stored++;
                    counters.AddStored();
                }
            }
        }
        catch (IngestClosedException)
        {
            context.Response.Headers.RetryAfter = "5";
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The hub is stopping", detail: "send the reading again in a few seconds.");
        }

        status.MarkOnline(meterId);
        return Results.Text(
            string.Create(CultureInfo.InvariantCulture, $"{{\"meterId\":\"{meterId}\",\"stored\":{stored},\"duplicates\":{duplicates}}}"),
            "application/json",
            statusCode: StatusCodes.Status200OK);
    }

    private Reading ParseCanonical(byte[] body, string meterId)
    {
        // A canonical reading naming another meter is a 403, not a 400: check before the parser's own mismatch error.
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("meterId", out var named)
                && named.ValueKind == JsonValueKind.String
                && named.GetString() != meterId)
            {
                throw new ForeignMeterException($"the reading names meter '{named.GetString()}'.");
            }
        }
        catch (JsonException)
        {
            // ReadingJson.Parse reports it with the details.
        }

        return ReadingJson.Parse(body, meterId, time.GetUtcNow());
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.WrittenCount + read > HttpPluginInfo.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk.AsSpan(0, read));
        }

        return buffer.WrittenSpan.ToArray();
    }

    private IResult Refuse(HttpContext context, int statusCode, IngestProblemKind kind, string? meterId, string source, string detail)
    {
        counters.AddRefused();
        problems.Report(new IngestProblem(HttpPluginInfo.Name, kind, meterId, detail, source));
        if (statusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        // The field a person must fix, when the message starts with one ("powerW: must be a number").
        var colon = detail.IndexOf(':', StringComparison.Ordinal);
        var field = colon > 0 && detail[..colon].All(char.IsAsciiLetterOrDigit) ? detail[..colon] : null;
        var extensions = field is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = field };
        return Results.Problem(statusCode: statusCode, title: ReasonPhrases(statusCode), detail: detail, extensions: extensions);
    }

    private static string ReasonPhrases(int statusCode) => statusCode switch
    {
        401 => "Unauthorized: no valid meter token",
        403 => "Forbidden: not this meter's reading",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Reading rejected",
        _ => "Bad reading",
    };
}
