using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hub.WebUi.OpenApi;

/// <summary>Describes the types whose wire form is written by a custom converter.</summary>
internal sealed class WireSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        return Task.CompletedTask;
    }
}
