using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.WebUi;

/// <summary>
/// The services the web UI reads from but does not register. Checked when the routes are mapped, so a hub wired
/// without them fails at start with their names, not at a homeowner's first request.
/// </summary>
internal static class RequiredServices
{
    private static readonly (Type Type, string RegisteredBy)[] Needed =
    [
        (typeof(IReadingStore), "the ledger (AddHubLedger)"),
        (typeof(IMeterStatusBoard), "the ledger (AddHubLedger)"),
        (typeof(IHubEvents), "the ledger (AddHubLedger)"),
        (typeof(MeterCatalog), "a meter plugin (AddMeterPlugin)"),
    ];

    public static void Check(IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var missing = Needed.Where(n => !isService.IsService(n.Type)).Select(n => $"{n.Type.Name} (registered by {n.RegisteredBy})").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The web UI needs services that are not registered: {string.Join(", ", missing)}. Register them before MapHubWebUi.");
        }
    }
}
