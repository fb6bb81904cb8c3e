using System.Net.Sockets;
using MeterFirmware.Cli;
using MeterFirmware.Uplink;
using Microsoft.Extensions.Logging;

namespace MeterFirmware.Modbus;

/// <summary>
/// --modbus: starts the Modbus face beside the MQTT uplink, or alone. A polled meter has nobody to hand readings
/// to, so without --mqtt the outbox is emptied as soon as a reading is in the registers.
/// </summary>
internal static class ModbusMode
{
    /// <summary>Starts the face if --modbus was given (null otherwise) and hooks it to the meter loop.</summary>
    /// <exception cref="SocketException">The port is taken.</exception>
    public static ModbusFace? Start(FirmwareOptions options, MeterLoop meter, Outbox outbox, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(outbox);
        if (options.Modbus is not { } endPoint)
        {
            return null;
        }

        var face = new ModbusFace(endPoint, options.ModbusUnitId, logger);
        face.Start();
        meter.ReadingTaken = reading =>
        {
            face.Publish(reading);
            if (options.Broker is null)
            {
                while (outbox.TryPeek(out var entry))
                {
                    outbox.Remove(entry);
                }
            }
        };
        return face;
    }

    /// <summary>Modbus only: take readings until stopped (or --count readings were taken).</summary>
    public static async Task<int> RunAsync(MeterLoop meter, FirmwareOptions options, ILogger logger, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            await meter.RunAsync(options.Interval, options.Count, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped by SIGTERM / Ctrl-C.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.StateWriteFailed(logger, ex.Message);
            return ExitCodes.IoError;
        }

        Log.Stopped(logger, 0, 0, meter.Seq);
        return ExitCodes.Ok;
    }
}
