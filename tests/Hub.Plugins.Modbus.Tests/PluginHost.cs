using System.Collections.Concurrent;
using Hub.Plugins.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Modbus.Tests;

/// <summary>The modbus plugin in a generic host, with recording ingest, status and problem sinks.</summary>
internal sealed class PluginHost : IAsyncDisposable, IReadingIngest, IMeterStatusSink, IIngestProblemSink
{
    private readonly IHost _host;

    private PluginHost(IHost host)
    {
        _host = host;
    }

    public ConcurrentQueue<Reading> Readings { get; } = new();

    public ConcurrentDictionary<string, (bool Online, string? Reason)> Status { get; } = new();

    public ConcurrentQueue<IngestProblem> Problems { get; } = new();

    public IServiceProvider Services => _host.Services;

    /// <summary>Builds the host from hub.json-style keys (e.g. "Meters:0:Id" = "house").</summary>
    public static PluginHost Create(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        PluginHost? self = null;
        builder.Services.AddSingleton<IReadingIngest>(_ => self!);
        builder.Services.AddSingleton<IMeterStatusSink>(_ => self!);
        builder.Services.AddSingleton<IIngestProblemSink>(_ => self!);
        builder.AddModbusMeters();
        self = new PluginHost(builder.Build());
        return self;
    }

    private bool _started;

    public async Task StartAsync()
    {
        await _host.StartAsync();
        _started = true;
    }

    public IReadOnlyList<Reading> ReadingsOf(string meterId) => [.. Readings.Where(r => r.MeterId == meterId)];

    public async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                var status = string.Join("; ", Status.Select(s => $"{s.Key}={s.Value}"));
                throw new TimeoutException($"timed out waiting for: {what}. readings: {Readings.Count}, status: {status}, problems: {string.Join("; ", Problems)}");
            }

            await Task.Delay(50);
        }
    }

    public ValueTask<IngestOutcome> IngestAsync(Reading reading, CancellationToken cancellationToken = default)
    {
        Readings.Enqueue(reading);
        return ValueTask.FromResult(new IngestOutcome(IngestStatus.Stored, Readings.Count, true, null));
    }

    public void MarkOnline(string meterId) => Status[meterId] = (true, null);

    public void MarkOffline(string meterId, string reason) => Status[meterId] = (false, reason);

    public void Report(IngestProblem problem) => Problems.Enqueue(problem);

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }

        _host.Dispose();
    }
}
