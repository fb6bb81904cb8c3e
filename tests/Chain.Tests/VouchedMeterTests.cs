using System.Globalization;
using System.Text.Json;
using Hub.Ledger.Crypto;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// Issue 16, the hub's side of the registrar: in a market of vouched meters a hub whose <c>Meters:N:PublicKey</c> is
/// not the key the registrar vouched for does not trade and says why; once the registrar registers the installed
/// meter's key (<c>./smartmeter registrar revoke-meter</c>, <c>add-meter</c>) it trades.
/// </summary>
public sealed class VouchedMeterTests
{
    [Fact]
    public async Task A_hub_trades_only_with_the_meter_key_the_registrar_vouched_for()
    {
        using var directory = TestDirectory.Create("vouched");
        await using var anvil = await AnvilNode.StartAsync();
        var deployment = await Deployment.RunAsync(anvil, directory.Path, "--market-interval", "20", "--gate-closure", "4", "--reading-window", "8",
            "--settle-timeout", "30", "--require-vouched-meters");
        var installed = Secp256k1Key.Generate();
        var other = Secp256k1Key.Generate();

        // The registrar vouched for another key than the one the hub's meter signs with.
        await RegistrarAsync(anvil, deployment, "add-meter", "--public-key", Hex.Encode(other.PublicKey), "--connection-point", "EAN-test-1");

        await using var hub = await TradingHub.StartAsync(directory, anvil, "home", deployment, "Sell", t => (0, 10 * t), installed);
        string? error = null;
        await hub.Hub.EventuallyAsync(
            async () =>
            {
                var status = (await hub.Hub.GetJsonAsync("/api/market/offers")).GetProperty("status");
                error = status.GetProperty("error").ValueKind == JsonValueKind.String ? status.GetProperty("error").GetString() : null;
                return error?.Contains("Meters:N:PublicKey is the key of", StringComparison.Ordinal) == true;
            },
            TimeSpan.FromMinutes(2),
            "the market status saying the vouched key is not the meter's");
        Assert.Contains(other.ChecksumAddress, error!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(installed.ChecksumAddress, error!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await hub.OrdersAsync(), o => o.GetProperty("orderId").ValueKind == JsonValueKind.String);

        // The registrar corrects its record: the installed meter's key. The hub then places orders.
        await RegistrarAsync(anvil, deployment, "revoke-meter");
        await RegistrarAsync(anvil, deployment, "add-meter", "--public-key", Hex.Encode(installed.PublicKey), "--connection-point", "EAN-test-1");
        await hub.Hub.EventuallyAsync(
            async () => (await hub.OrdersAsync()).Any(o => o.GetProperty("orderId").ValueKind == JsonValueKind.String),
            TimeSpan.FromMinutes(3),
            "an order placed on chain once the vouched key is the meter's");
    }

    private static async Task RegistrarAsync(AnvilNode anvil, Deployment deployment, string action, params string[] more)
    {
        await using var registrar = Deployment.StartScript(["registrar", action, "--rpc-url", anvil.Url, "--deployment", deployment.File,
            "--hub-id", "test-hub", "--meter-id", TradingHub.MeterId, .. more]);
        var code = await registrar.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(code == 0, string.Create(CultureInfo.InvariantCulture, $"./smartmeter registrar {action} exited {code}:\n{registrar.Log}"));
    }
}
