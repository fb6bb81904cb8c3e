using Hub.Plugins.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Plugins.Http.Push;

/// <summary>
/// Maps <c>POST /api/readings</c> to <see cref="PushHandler"/>. The handler is resolved per request, not here: mapping
/// happens before options are validated, and a bad config must end in its clear message, not in a constructor.
/// </summary>
internal sealed class PushEndpoint : IPluginEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/readings", (Func<HttpContext, Task<IResult>>)(context => context.RequestServices.GetRequiredService<PushHandler>().HandleAsync(context)))
            .WithName("PushReadings")
            .WithSummary("Push ingestion for http meters: canonical JSON reading or SenML JSON, per-meter bearer token.")
            .DisableAntiforgery();
}
