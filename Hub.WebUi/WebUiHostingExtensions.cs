using System.Text.Json.Serialization;
using Hub.WebUi.Assets;
using Hub.WebUi.Auth;
using Hub.WebUi.Endpoints;
using Hub.WebUi.Json;
using Hub.WebUi.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Hub.WebUi;

public static class WebUiHostingExtensions
{
    /// <summary>
    /// Registers the API, OpenAPI document and pages. It consumes, from DI, services registered by others:
    /// <c>IReadingStore</c>, <c>IMeterStatusBoard</c>, <c>IHubEvents</c>, <c>MeterCatalog</c>,
    /// <c>IEnumerable&lt;IPluginHealth&gt;</c> and <c>TimeProvider</c> (defaulted to the system clock if absent).
    /// </summary>
    public static IHostApplicationBuilder AddHubWebUi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WebUiOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmbeddedAssets>();
        services.AddProblemDetails();
        builder.AddHubAuth();
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.TypeInfoResolverChain.Insert(0, WebUiJsonContext.Default);
            json.Converters.Add(new UtcMillisecondsConverter());

            // Numbers are numbers: the Web default would also accept (and document) numbers sent as strings.
            json.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<HubDocumentTransformer>();
            options.AddSchemaTransformer<WireSchemaTransformer>();
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c>, <c>/api/*</c>, <c>/openapi/v1.json</c> and the pages, and turns unhandled errors and
    /// bodiless error statuses into <c>application/problem+json</c>.
    /// </summary>
    public static WebApplication MapHubWebUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RequiredServices.Check(app.Services);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHubAuth();

        // Every route needs a login unless it says otherwise (the fallback policy); the data routes any role may read.
        app.MapOpenApi().RequireAuthorization(HubRoles.Viewer);
        HealthEndpoint.Map(app);
        AuthEndpoints.Map(app.MapGroup("/api"));
        AccountsEndpoints.Map(app.MapGroup("/api"));
        var api = app.MapGroup("/api").RequireAuthorization(HubRoles.Viewer);
        MetersEndpoint.Map(api);
        ReadingsEndpoints.Map(api);
        BlocksEndpoints.Map(api);
        BillsEndpoints.Map(api);
        MarketEndpoints.Map(api);
        AlertsEndpoint.Map(api);
        SeriesEndpoint.Map(api);
        EventsEndpoint.Map(api);
        AssetEndpoints.Map(app, app.Services.GetRequiredService<EmbeddedAssets>());
        // Plugins' routes (the http meters' POST /api/readings) check the meters' own credentials.
        var plugins = app.MapGroup(string.Empty).AllowAnonymous();
        foreach (var plugin in app.Services.GetServices<Hub.Plugins.Abstractions.IPluginEndpoints>())
        {
            plugin.Map(plugins);
        }

        return app;
    }
}
