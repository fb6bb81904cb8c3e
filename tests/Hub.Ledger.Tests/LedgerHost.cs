using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Ledger.Tests;

/// <summary>The ledger in a real generic host, on a real LiteDB file in a temporary data dir.</summary>
internal sealed class LedgerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private LedgerHost(IHost host, string dataDir)
    {
        _host = host;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public IServiceProvider Services => _host.Services;

    public IReadingIngest Ingest => _host.Services.GetRequiredService<IReadingIngest>();

    public IReadingStore Store => _host.Services.GetRequiredService<IReadingStore>();

    public IHubEvents Events => _host.Services.GetRequiredService<IHubEvents>();

    public IIngestProblemSink Problems => _host.Services.GetRequiredService<IIngestProblemSink>();

    public IMeterStatusBoard Board => _host.Services.GetRequiredService<IMeterStatusBoard>();

    public IHubOutputFeed Output => _host.Services.GetRequiredService<IHubOutputFeed>();

    public IMeterStatusSink Status => _host.Services.GetRequiredService<IMeterStatusSink>();

    internal LedgerStore Ledger => _host.Services.GetRequiredService<LedgerStore>();

    public IBlockStore Blocks => _host.Services.GetRequiredService<IBlockStore>();

    internal IngestWriter Writer => _host.Services.GetRequiredService<IngestWriter>();

    public ISeriesSource Series => _host.Services.GetRequiredService<ISeriesSource>();

    public IRetentionInfo Retention => _host.Services.GetRequiredService<IRetentionInfo>();

    /// <summary>Asks the writer to seal and waits until nothing is left unsealed.</summary>
    public async Task SealAsync()
    {
        Writer.RequestSeal();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (Ledger.Store.Unsealed > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the writer did not seal within 30 s");
            await Task.Delay(10);
        }
    }

    public static async Task<LedgerHost> StartAsync(string dataDir, IEnumerable<string>? meters = null, IDictionary<string, string?>? extra = null)
    {
        var host = Build(dataDir, meters, extra);
        await host.StartAsync();
        return new LedgerHost(host, dataDir);
    }

    public static IHost Build(string dataDir, IEnumerable<string>? meters = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Hub:DataDir"] = dataDir };
        var i = 0;
        foreach (var meter in meters ?? ["house", "solar"])
        {
            settings[$"Meters:{i}:Id"] = meter;
            settings[$"Meters:{i}:Plugin"] = "mqtt";
            i++;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddHubLedger();
        return builder.Build();
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
