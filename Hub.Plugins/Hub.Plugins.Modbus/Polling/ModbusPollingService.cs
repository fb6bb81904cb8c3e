using Hub.Plugins.Abstractions;
using Hub.Plugins.Modbus.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Plugins.Modbus.Polling;

/// <summary>Starts one coordinator per modbus meter and stops them (and closes the buses) with the host.</summary>
internal sealed class ModbusPollingService : BackgroundService
{
    private readonly ModbusSetup _setup;
    private readonly ModbusBuses _buses;
    private readonly ILogger<ModbusPollingService> _logger;

    public ModbusPollingService(
        ModbusSetup setup,
        ModbusBuses buses,
        IReadingIngest ingest,
        IMeterStatusSink status,
        IIngestProblemSink problems,
        TimeProvider time,
        ILogger<ModbusPollingService> logger)
    {
        _setup = setup;
        _buses = buses;
        _logger = logger;
        Coordinators = [.. setup.Meters.Select(m => new MeterCoordinator(m, buses.ClientFor(m), ingest, status, problems, time, logger))];
    }

    public IReadOnlyList<MeterCoordinator> Coordinators { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Coordinators.Count == 0)
        {
            return;
        }

        ModbusLog.Started(_logger, Coordinators.Count, _buses.Count);

        // Each loop runs on its own; one that waits on a dead meter holds up no other (except its bus's turn).
        await Task.WhenAll(Coordinators.Select(c => Task.Run(() => c.RunAsync(stoppingToken), CancellationToken.None))).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _buses.DisposeAsync().ConfigureAwait(false);
    }
}
