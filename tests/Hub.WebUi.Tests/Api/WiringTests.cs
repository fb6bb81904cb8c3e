using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.WebUi.Tests.Api;

public sealed class WiringTests
{
    [Fact]
    public void MapHubWebUi_WithoutLedgerServices_FailsAtStartNamingThem()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton<IHubEvents, FakeHubEvents>();
        builder.AddHubWebUi();
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapHubWebUi());

        Assert.Contains("IReadingStore", error.Message, StringComparison.Ordinal);
        Assert.Contains("IMeterStatusBoard", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MeterCatalog), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("IHubEvents", error.Message, StringComparison.Ordinal);
    }
}
