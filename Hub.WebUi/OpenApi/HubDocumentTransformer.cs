using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hub.WebUi.OpenApi;

/// <summary>Names the document and says what the API is for.</summary>
internal sealed class HubDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "SmartMeter hub API",
            Version = "v1",
            Description = "Readings, meters, alerts and health of a SmartMeter home-energy hub. JSON is camelCase; times are "
                + "ISO 8601 UTC with milliseconds and Z; errors are RFC 9457 problem details (application/problem+json).",
        };
        return Task.CompletedTask;
    }
}
