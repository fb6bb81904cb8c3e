using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Mqtt.Tests.Infrastructure;

/// <summary>The mqtt plugin in a real generic host, as the hub runs it, with recording fakes at the ingest seam.</summary>
public sealed class PluginHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PluginHost(IHost host, TestIngest ingest, RecordingProblemSink problems, RecordingStatusSink status, CapturingLoggerProvider logs)
    {
        _host = host;
        Ingest = ingest;
        Problems = problems;
        Status = status;
        Logs = logs;
    }

    public TestIngest Ingest { get; }

    public RecordingProblemSink Problems { get; }

    public RecordingStatusSink Status { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _host.Services;

    public IPluginHealth Health => _host.Services.GetServices<IPluginHealth>().Single(h => h.PluginName == "mqtt");

    /// <summary>The port the embedded broker listens on (configured as 0, so chosen by the OS).</summary>
    public int Port => Convert.ToInt32(Health.Report().Details["port"], System.Globalization.CultureInfo.InvariantCulture);

    public static IHost Build(HubConfig config, TestIngest ingest, RecordingProblemSink problems, RecordingStatusSink status, CapturingLoggerProvider logs) =>
        Build(c => c.AddInMemoryCollection(config.Values), ingest, problems, status, logs);

    public static IHost Build(Action<IConfigurationBuilder> configure, TestIngest ingest, RecordingProblemSink problems, RecordingStatusSink status, CapturingLoggerProvider logs, IHubOutputFeed? feed = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        configure(builder.Configuration);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<IReadingIngest>(ingest);
        builder.Services.AddSingleton<IIngestProblemSink>(problems);
        builder.Services.AddSingleton<IMeterStatusSink>(status);
        if (feed is not null)
        {
            builder.Services.AddSingleton(feed);
        }

        builder.AddMqttMeters();
        return builder.Build();
    }

    public static Task<PluginHost> StartAsync(HubConfig config, TestIngest? ingest = null) =>
        StartAsync(c => c.AddInMemoryCollection(config.Values), ingest);

    /// <summary>Starts the plugin on a hub.json document, read by the JSON configuration provider as the hub reads it.</summary>
    public static Task<PluginHost> StartAsync(string hubJson) =>
        StartAsync(c => c.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(hubJson))), null);

    /// <summary>Starts the plugin with <paramref name="feed"/> as the hub's output feed (what the ledger would publish).</summary>
    public static Task<PluginHost> StartAsync(HubConfig config, IHubOutputFeed feed) =>
        StartAsync(c => c.AddInMemoryCollection(config.Values), null, feed);

    public static async Task<PluginHost> StartAsync(Action<IConfigurationBuilder> configure, TestIngest? ingest, IHubOutputFeed? feed = null)
    {
        var logs = new CapturingLoggerProvider();
        var problems = new RecordingProblemSink();
        var status = new RecordingStatusSink();
        ingest ??= new TestIngest();
        var host = Build(configure, ingest, problems, status, logs, feed);
        await host.StartAsync();
        return new PluginHost(host, ingest, problems, status, logs);
    }

    /// <summary>Log lines at Error or above that nobody expected: a test fails on them (as MQTTnet's own tests do).</summary>
    public IReadOnlyList<CapturingLoggerProvider.LogLine> Errors => Logs.Lines.Where(l => l.Level >= LogLevel.Error).ToList();

    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
