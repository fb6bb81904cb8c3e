using MeterFirmware.Cli;
using MeterFirmware.Modbus;
using MeterFirmware.Sensors;
using MeterFirmware.State;
using MeterFirmware.Uplink;
using Microsoft.Extensions.Logging;

namespace MeterFirmware;

/// <summary>Wires the firmware together from the command line and runs it until stopped or done.</summary>
internal static class FirmwareHost
{
    /// <summary>Runs the firmware; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where --help prints the usage (logs go to the console logger).</param>
    /// <param name="stderr">Where usage errors and fatal errors go.</param>
    /// <param name="time">The real clock.</param>
    /// <param name="stopping">Cancelled on SIGTERM / Ctrl-C: stop cleanly.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(time);

        if (args.Count == 1 && args[0] is "--help" or "-h")
        {
            await stdout.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (MeterKey.TryPrintPublicKey(args, stdout, stderr, out var printed))
        {
            return printed;
        }

        FirmwareOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"meter-firmware: {ex.Message}\n\n{CommandLine.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(options.Verbose ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            }));
        var logger = loggerFactory.CreateLogger("meter-firmware");

        StateDirectoryLock directoryLock;
        try
        {
            directoryLock = StateDirectoryLock.Acquire(options.StateDirectory);
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"meter-firmware: the state directory '{options.StateDirectory}' is in use by another firmware process or not writable ({ex.Message}).").ConfigureAwait(false);
            return ExitCodes.StateLocked;
        }

        using (directoryLock)
        {
            var store = new StateStore(options.StateDirectory);
            MeterState? resumed;
            try
            {
                resumed = store.Load();
            }
            catch (StateCorruptException ex)
            {
                await stderr.WriteLineAsync($"meter-firmware: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.StateInvalid;
            }

            if (resumed is not null && !string.Equals(resumed.MeterId, options.MeterId, StringComparison.Ordinal))
            {
                await stderr.WriteLineAsync($"meter-firmware: the state in '{options.StateDirectory}' belongs to meter '{resumed.MeterId}', not '{options.MeterId}'; give each meter its own --state-dir.").ConfigureAwait(false);
                return ExitCodes.StateInvalid;
            }

            return await RunMeterAsync(options, store, resumed, time, logger, stopping).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunMeterAsync(FirmwareOptions options, StateStore store, MeterState? resumed, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        var clock = new SimulatedClock(time, SimulatedStartOf(options, time), options.Speed);
        var sensor = new SimulatedSensor(SimulatedSensor.CreateProfile(options.Profile, options.Seed), options.Seed, clock);
        var outbox = new Outbox(options.StateDirectory, options.BufferCapacity, logger);
        Hub.Ledger.Crypto.Secp256k1Key? key = null;
        if (options.KeyFile is { } keyFile)
        {
            try
            {
                key = MeterKey.Load(keyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Log.KeyUnusable(logger, keyFile, ex.Message);
                return ExitCodes.StateInvalid;
            }

            Log.Signing(logger, key.ChecksumAddress, Hub.Ledger.Crypto.Hex.Encode(key.PublicKey));
        }

        var meter = new MeterLoop(options.MeterId, sensor, store, outbox, time, resumed, logger) { Signer = key };
        Log.Started(logger, options.MeterId, options.Profile.ToString().ToLowerInvariant(), options.Seed, options.Interval, options.Speed,
            resumed?.Seq ?? 0, resumed?.EnergyImportWh ?? 0, resumed?.EnergyExportWh ?? 0);

        await using var modbus = ModbusMode.Start(options, meter, outbox, logger);
        if (options.Broker is null && options.Coap is null && options.Http is null)
        {
            return await ModbusMode.RunAsync(meter, options, logger, stopping).ConfigureAwait(false);
        }

        await using var publisher = CreatePublisher(options, logger);
        var uplink = new UplinkWorker(outbox, publisher, options.Topic, time, logger, ReconnectBackoff.Default);

        using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var metering = meter.RunAsync(options.Interval, options.Count, running.Token);
        var uplinking = uplink.RunAsync(() => options.Count is { } count && meter.Produced >= count && outbox.Count == 0, running.Token);

        var exitCode = ExitCodes.Ok;
        var first = await Task.WhenAny(metering, uplinking).ConfigureAwait(false);
        if (first == metering && metering.IsCompletedSuccessfully && options.Count is not null)
        {
            // All readings taken; let the uplink finish acknowledging them (or the stop signal end it).
            first = uplinking;
            await Task.WhenAny(uplinking).ConfigureAwait(false);
        }

        if (first.IsFaulted && first.Exception?.InnerException is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.StateWriteFailed(logger, first.Exception.InnerException.Message);
            exitCode = ExitCodes.IoError;
        }

        await running.CancelAsync().ConfigureAwait(false);
        await Quietly(metering).ConfigureAwait(false);
        await Quietly(uplinking).ConfigureAwait(false);
        Log.Stopped(logger, uplink.Acknowledged, outbox.Count, meter.Seq);
        return exitCode;
    }

    private static IUplinkPublisher CreatePublisher(FirmwareOptions options, ILogger logger) =>
        options.Coap is { } coap ? new CoapPublisher(coap, logger)
        : options.Http is { } http ? new HttpPublisher(http, options.Token ?? throw new InvalidOperationException("--http without --token"))
        : new MqttPublisher(options.Broker ?? throw new InvalidOperationException("no uplink"), options.MeterId, logger);

    private static DateTimeOffset SimulatedStartOf(FirmwareOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (options.SimulatedStart is not { } start)
        {
            return now;
        }

        var local = TimeZoneInfo.ConvertTime(now, time.LocalTimeZone);
        var at = new DateTimeOffset(local.Date + start.ToTimeSpan(), local.Offset);
        return at.ToUniversalTime();
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The expected end of a loop on stop.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Already reported as the reason for stopping.
        }
    }
}
