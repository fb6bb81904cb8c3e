using Hub.Ledger;
using Hub.Ledger.Chain;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Api;
using Hub.WebUi.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Endpoints;

/// <summary><c>GET /health</c>: 200 when the store and every plugin are healthy, else 503, with the same body.</summary>
internal static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", Get)
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Health of the store, the plugins and the chain link")
            .WithDescription("200 with status 'healthy' when the store and every plugin can do their job, else 503 with "
                + "status 'unhealthy' and the same body. 'problems' counts bad input refused since start, by plugin and kind. "
                + "'outputs' reports the MQTT publisher and the alert webhook; they do not change the status. Without a login: "
                + "only status, readings, problems (a total) and failedLogins.")
            .AllowAnonymous()
            .Produces<HealthView>(StatusCodes.Status200OK)
            .Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);

    internal static IResult Get(
        HttpContext context,
        [FromServices] LoginThrottle logins,
        [FromServices] IReadingStore store,
        [FromServices] IMeterStatusBoard board,
        [FromServices] IEnumerable<IPluginHealth> plugins,
        [FromServices] IEnumerable<IOutputHealth> outputs,
        [FromServices] ILoggerFactory loggers,
        [FromServices] IEnumerable<IChainStatus> chain)
    {
        var logger = loggers.CreateLogger(WebUiLog.Category);
        var storeStatus = ReadStoreStatus(store, logger);
        var pluginViews = new SortedDictionary<string, PluginHealthView>(StringComparer.Ordinal);
        foreach (var plugin in plugins)
        {
            pluginViews[plugin.PluginName] = ReadPlugin(plugin, logger);
        }

        var healthy = storeStatus.Healthy && pluginViews.Values.All(p => p.Healthy);
        var statusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        var problems = board.ProblemCounts();
        if (context.User.Identity is not { IsAuthenticated: true })
        {
            var summary = new HealthSummaryView(
                healthy ? "healthy" : "unhealthy",
                storeStatus.Readings,
                problems.Values.Sum(byKind => byKind.Values.Sum()),
                logins.FailedLogins);
            return TypedResults.Json(summary, statusCode: statusCode);
        }

        var view = new HealthView(
            healthy ? "healthy" : "unhealthy",
            storeStatus,
            pluginViews,
            problems,
            ReadChain(chain.FirstOrDefault(), logger),
            ReadOutputs(outputs, logger),
            new LoginHealthView(logins.FailedLogins, logins.Lockouts));
        return TypedResults.Json(view, statusCode: statusCode);
    }

#pragma warning disable CA1031 // /health must answer whatever a component throws; the failure becomes its report.
    private static StoreStatus ReadStoreStatus(IReadingStore store, ILogger logger)
    {
        try
        {
            return store.GetStatus();
        }
        catch (Exception ex)
        {
            WebUiLog.StoreStatusFailed(logger, ex);
            return new StoreStatus(false, string.Empty, 0, 0, 0, null, ex.Message);
        }
    }

    private static ChainHealthView ReadChain(IChainStatus? chain, ILogger logger)
    {
        try
        {
            return chain is null ? new ChainHealthView("not-configured") : ChainHealthView.From(chain.Report());
        }
        catch (Exception ex)
        {
            WebUiLog.PluginHealthFailed(logger, "chain", ex);
            return new ChainHealthView("error", LastError: ex.Message);
        }
    }

    private static PluginHealthView ReadPlugin(IPluginHealth plugin, ILogger logger)
    {
        try
        {
            var report = plugin.Report();
            return new PluginHealthView(report.Healthy, report.Status, report.Details);
        }
        catch (Exception ex)
        {
            WebUiLog.PluginHealthFailed(logger, plugin.PluginName, ex);
            return new PluginHealthView(false, "error", new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = ex.Message });
        }
    }

    private static SortedDictionary<string, PluginHealthView> ReadOutputs(IEnumerable<IOutputHealth> outputs, ILogger logger)
    {
        var views = new SortedDictionary<string, PluginHealthView>(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            try
            {
                var report = output.Report();
                views[output.OutputName] = new PluginHealthView(report.Healthy, report.Status, report.Details);
            }
            catch (Exception ex)
            {
                WebUiLog.PluginHealthFailed(logger, output.OutputName, ex);
                views[output.OutputName] = new PluginHealthView(false, "error", new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = ex.Message });
            }
        }

        return views;
    }
#pragma warning restore CA1031
}
