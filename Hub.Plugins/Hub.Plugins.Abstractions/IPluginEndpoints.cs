using Microsoft.AspNetCore.Routing;

namespace Hub.Plugins.Abstractions;

/// <summary>
/// HTTP endpoints a plugin serves on the hub's web server (e.g. the http plugin's <c>POST /api/readings</c>).
/// Registered as singletons; the web UI maps every one of them, so plugins need not reference it.
/// </summary>
public interface IPluginEndpoints
{
    void Map(IEndpointRouteBuilder endpoints);
}
