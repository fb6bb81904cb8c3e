using System.Globalization;
using System.Text.Json;
using Hub.Ledger.Market;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.WebUi.Api;

/// <summary>
/// Reads the body of <c>POST /api/market/offers</c> (<see cref="MarketOrderBody"/>): its shape only — a JSON object
/// with <c>side</c> a string, <c>energyWh</c> a whole number, <c>pricePerKwh</c> a number and <c>interval</c> a whole
/// number or null. Whether the values make an order (side sell/buy, energy 1 to 2^40, price above 0, an interval
/// still open) is the market's to say (<see cref="IMarketView.RequestOrderAsync"/>), so that there is one rule.
/// Every mistake in the shape is named at once, as the query parameters are (<see cref="QueryReader"/>).
/// </summary>
internal static class MarketOrderBodyReader
{
    /// <summary>An order is a few dozen bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 4096;

    private const string Example = "{\"side\": \"sell\", \"energyWh\": 500, \"pricePerKwh\": 0.25}";

    private static readonly string[] Fields = ["side", "energyWh", "pricePerKwh", "interval"];

    public static async Task<(MarketOrderRequest? Request, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A JSON content type is required, not guessed: besides being the contract, it keeps other web sites out. A
        // page elsewhere can make the browser send a cross-site "simple" POST (text/plain, a form), but not one with
        // application/json without a CORS preflight, which this hub never grants.
        if (!request.HasJsonContentType())
        {
            return (null, Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "The order must be JSON",
                $"Send the order as Content-Type: application/json, e.g. {Example} (curl: -H 'Content-Type: application/json').",
                "https://tools.ietf.org/html/rfc9110#section-15.5.16"));
        }

        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, Problem(
                StatusCodes.Status413PayloadTooLarge,
                "The order is too large",
                $"An order is a small JSON object such as {Example}; this body is over {MaxBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes.",
                "https://tools.ietf.org/html/rfc9110#section-15.5.14"));
        }

        if (body.Length == 0)
        {
            return (null, NotJson("The order is missing", $"The body is empty; send the order as a JSON object such as {Example}."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line && e.BytePositionInLine is { } column
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {column + 1})")
                : string.Empty;
            return (null, NotJson("The order is not JSON", $"The body is not valid JSON{where}; send the order as a JSON object such as {Example}."));
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static (MarketOrderRequest? Request, ProblemHttpResult? Problem) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, NotJson("The order is not a JSON object", $"Expected a JSON object such as {Example}, got a JSON {Kind(root)}."));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? side = null;
        long? energyWh = null;
        decimal? pricePerKwh = null;
        long? interval = null;
        foreach (var property in root.EnumerateObject())
        {
            var field = Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                errors.TryAdd(Problems.Clip(property.Name), [$"unknown field; an order has {string.Join(", ", Fields)}."]);
                continue;
            }

            if (!seen.Add(field))
            {
                errors.TryAdd(field, ["given twice; give it once."]);
                continue;
            }

            var value = property.Value;
            switch (field)
            {
                case "side":
                    side = value.ValueKind == JsonValueKind.String ? value.GetString() : Fail<string>(errors, field, "expected \"sell\" or \"buy\" (a string)", value);
                    break;
                case "energyWh":
                    energyWh = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var wh) ? wh : Fail<long?>(errors, field, "expected the energy in whole Wh, 1 to 2^40 (a number)", value);
                    break;
                case "pricePerKwh":
                    pricePerKwh = value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var price) ? price : Fail<decimal?>(errors, field, "expected the price per kWh in the tariff's currency, above 0 (a number such as 0.25)", value);
                    break;
                default:
                    interval = value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.Number when value.TryGetInt64(out var i) => i,
                        _ => Fail<long?>(errors, field, "expected a delivery interval (a whole number), or null for the next open one", value),
                    };
                    break;
            }
        }

        Missing(errors, seen, "side", "required: \"sell\" (offer your export) or \"buy\" (bid for import).");
        Missing(errors, seen, "energyWh", "required: the energy in whole Wh, 1 to 2^40.");
        Missing(errors, seen, "pricePerKwh", "required: the price per kWh in the tariff's currency (the lowest you sell at, or the most you pay).");
        if (errors.Count > 0)
        {
            return (null, BadFields(errors));
        }

        return (new MarketOrderRequest(side, energyWh!.Value, pricePerKwh!.Value, interval), null);
    }

    private static void Missing(Dictionary<string, string[]> errors, HashSet<string> seen, string field, string message)
    {
        if (!seen.Contains(field))
        {
            errors.TryAdd(field, [message]);
        }
    }

    private static T? Fail<T>(Dictionary<string, string[]> errors, string field, string expected, JsonElement got)
    {
        var shown = got.ValueKind is JsonValueKind.Number or JsonValueKind.String ? $"{Kind(got)} {Problems.Clip(got.GetRawText())}" : Kind(got);
        errors.TryAdd(field, [$"{expected}, got {shown}."]);
        return default;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    /// <summary>The body as bytes, or null when it is longer than <see cref="MaxBodyBytes"/> (not read further).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>400 naming each bad field, in <c>detail</c> and in <c>errors</c> (field → messages), as <see cref="Problems.BadParameters"/> does for query parameters.</summary>
    private static ProblemHttpResult BadFields(Dictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = errors.Count == 1 ? $"Invalid order field '{errors.Keys.First()}'" : "Invalid order fields",
            Detail = string.Join(' ', errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")),
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        return TypedResults.Problem(problem);
    }

    private static ProblemHttpResult NotJson(string title, string detail) =>
        Problem(StatusCodes.Status400BadRequest, title, detail, "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    private static ProblemHttpResult Problem(int status, string title, string detail, string type) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, type: type);
}
