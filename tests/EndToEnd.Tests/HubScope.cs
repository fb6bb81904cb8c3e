using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>A hub of its own for one test: a temp folder (data + hub.json), fresh ports, stopped and deleted at dispose.</summary>
public sealed class HubScope : IAsyncDisposable
{
    private HubScope(TestDirectory directory, HubProcess hub)
    {
        Directory = directory;
        Hub = hub;
    }

    public TestDirectory Directory { get; }

    public HubProcess Hub { get; private set; }

    public HubConfig Config => Hub.Config;

    /// <summary>The embedded broker's port.</summary>
    public int BrokerPort => Config.BrokerPort ?? throw new InvalidOperationException("this hub has no embedded broker.");

    public string DataDir => Config.DataDir;

    /// <summary>Starts a hub with an embedded broker and the given mqtt meters; <paramref name="configure"/> may change the config.</summary>
    public static async Task<HubScope> StartAsync(IEnumerable<string> meterIds, Func<HubConfig, HubConfig>? configure = null, IReadOnlyList<string>? wrapper = null, TimeSpan? startTimeout = null)
    {
        var directory = TestDirectory.Create("e2e");
        try
        {
            var config = HubConfig.Create(directory.Combine("data"), meterIds);
            config = configure?.Invoke(config) ?? config;
            var hub = await HubProcess.StartAsync(config, directory.Combine("hub.json"), wrapper, startTimeout);
            return new HubScope(directory, hub);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public static Task<HubScope> StartAsync(params string[] meterIds) => StartAsync(meterIds, null);

    /// <summary>Starts the hub again on the same data folder, on new ports (the old hub must be stopped or killed).</summary>
    public async Task RestartAsync()
    {
        if (!Hub.Process.HasExited)
        {
            throw new InvalidOperationException("stop or kill the hub before restarting it.");
        }

        var config = Hub.Config.WithFreshPorts();
        await Hub.DisposeAsync();
        Hub = await HubProcess.StartAsync(config, Directory.Combine("hub.json"));
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Directory.Dispose();
    }
}
