using System.Text.Json;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Http;

namespace Hub.WebUi.Auth;

/// <summary>The small JSON objects of the account routes: at most 8 KiB, Content-Type application/json.</summary>
internal sealed class JsonBody
{
    private const int MaxBytes = 8 * 1024;
    private readonly JsonElement _root;

    private JsonBody(JsonElement root) => _root = root;

    public static async Task<(JsonBody? Body, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send JSON", detail: "Content-Type must be application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"At most {MaxBytes} bytes."));
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"At most {MaxBytes} bytes."));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (new JsonBody(document.RootElement.Clone()), null)
                : (null, Problems.BadParameter("body", "expected a JSON object."));
        }
        catch (JsonException)
        {
            return (null, Problems.BadParameter("body", "is not valid JSON."));
        }
    }

    public string? String(string name) =>
        _root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
