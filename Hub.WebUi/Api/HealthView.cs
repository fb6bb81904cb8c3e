using Hub.Ledger;

namespace Hub.WebUi.Api;

/// <summary>The answer of <c>GET /health</c>.</summary>
/// <param name="Status"><c>healthy</c> (HTTP 200) or <c>unhealthy</c> (HTTP 503).</param>
/// <param name="Store">The staging store.</param>
/// <param name="Plugins">Each plugin's own report, by plugin name.</param>
/// <param name="Problems">Bad input refused since start, by plugin, then by kind (kebab case).</param>
/// <param name="Chain">The link to the chain.</param>
/// <param name="Outputs">Each way out of the hub (mqtt publisher, alert webhook) by name; informative, not part of the status.</param>
/// <param name="Logins">Failed logins and lockouts since start.</param>
public sealed record HealthView(
    string Status,
    StoreStatus Store,
    IReadOnlyDictionary<string, PluginHealthView> Plugins,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Problems,
    ChainHealthView Chain,
    IReadOnlyDictionary<string, PluginHealthView> Outputs,
    LoginHealthView? Logins = null);
