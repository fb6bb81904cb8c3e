using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Tests.Support;

/// <summary>
/// The web UI on real Kestrel at 127.0.0.1 on an OS-assigned port, with in-memory fakes behind the ledger
/// interfaces. Disposing stops it and fails the test if warnings or errors were logged unexpectedly.
/// </summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _errorsExpected;

    private TestHub(WebApplication app, Uri address, ErrorLogCollector logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public ErrorLogCollector Logs { get; }

    public FakeReadingStore Store => Services.GetRequiredService<FakeReadingStore>();

    public FakeMeterStatusBoard Board => Services.GetRequiredService<FakeMeterStatusBoard>();

    public FakeHubEvents Events => Services.GetRequiredService<FakeHubEvents>();

    public FakePluginHealth Mqtt => (FakePluginHealth)Services.GetServices<IPluginHealth>().Single(p => p.PluginName == "mqtt");

    public IServiceProvider Services => _app.Services;

    public static async Task<TestHub> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Meters:0:Id"] = "house",
            ["Meters:0:Plugin"] = "mqtt",
            ["Meters:1:Id"] = "garage",
            ["Meters:1:Plugin"] = "mqtt",
        });
        var logs = new ErrorLogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);

        var services = builder.Services;
        services.AddSingleton<FakeReadingStore>();
        services.AddSingleton<IReadingStore>(sp => sp.GetRequiredService<FakeReadingStore>());
        services.AddSingleton<FakeMeterStatusBoard>();
        services.AddSingleton<IMeterStatusBoard>(sp => sp.GetRequiredService<FakeMeterStatusBoard>());
        services.AddSingleton<FakeHubEvents>();
        services.AddSingleton<IHubEvents>(sp => sp.GetRequiredService<FakeHubEvents>());
        services.AddSingleton<IPluginHealth>(new FakePluginHealth("mqtt"));
        services.AddSingleton<MeterCatalog>();
        services.AddSingleton<IBlockStore, EmptyBlockStore>(); // the live page lists blocks (blocks.js)
        services.AddSingleton(TimeProvider.System);

        builder.AddHubWebUi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHubWebUi();
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestHub(app, new Uri(bound), logs);
    }

    /// <summary>The test provokes logged errors on purpose.</summary>
    public void ExpectErrors() => _errorsExpected = true;

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        if (!_errorsExpected)
        {
            Assert.Empty(Logs.Entries);
        }
    }
}
