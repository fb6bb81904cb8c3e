using Hub.Ledger.Blocks;
using Hub.Ledger.Crypto;
using Hub.Plugins.Abstractions;
using MeterFirmware.Energy;
using MeterFirmware.Sensors;
using MeterFirmware.State;
using MeterFirmware.Uplink;
using Microsoft.Extensions.Logging;

namespace MeterFirmware;

/// <summary>
/// The metering loop: every interval, sample the sensor, advance the registers, hand out the next seq, persist the
/// state, then spool the reading for the uplink. The state is saved before the reading leaves, so a crash can at
/// worst skip a seq, never reuse one.
/// </summary>
internal sealed class MeterLoop
{
    private readonly string _meterId;
    private readonly ISensor _sensor;
    private readonly StateStore _store;
    private readonly Outbox _outbox;
    private readonly TimeProvider _wallClock;
    private readonly ILogger _logger;
    private readonly EnergyCounters _counters;
    private ulong _seq;
    private long _produced;

    /// <param name="meterId">The meter's id, as published.</param>
    /// <param name="sensor">Where power, voltage, current and frequency come from.</param>
    /// <param name="store">Persists the registers and the seq.</param>
    /// <param name="outbox">Where readings wait for the uplink.</param>
    /// <param name="wallClock">Real time: the reading timestamps and the interval.</param>
    /// <param name="resumed">The stored state, or null for a brand-new meter.</param>
    /// <param name="logger">For --verbose per-reading lines.</param>
    public MeterLoop(string meterId, ISensor sensor, StateStore store, Outbox outbox, TimeProvider wallClock, MeterState? resumed, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        ArgumentNullException.ThrowIfNull(sensor);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(wallClock);
        ArgumentNullException.ThrowIfNull(logger);
        _meterId = meterId;
        _sensor = sensor;
        _store = store;
        _outbox = outbox;
        _wallClock = wallClock;
        _logger = logger;
        _counters = new EnergyCounters(resumed?.EnergyImportWh ?? 0, resumed?.EnergyExportWh ?? 0);
        _seq = resumed?.Seq ?? 0;
    }

    /// <summary>The last seq handed out (and persisted).</summary>
    public ulong Seq => Interlocked.Read(ref _seq);

    /// <summary>Called with each reading once it is spooled (e.g. the Modbus face publishes it to its registers).</summary>
    public Action<Reading>? ReadingTaken { get; set; }

    /// <summary>The meter's key (--key-file): each reading is signed over its canonical encoding; null = unsigned.</summary>
    public Secp256k1Key? Signer { get; init; }

    /// <summary>Readings taken since start.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Takes readings every <paramref name="interval"/> (the first at once) until cancelled or
    /// <paramref name="count"/> readings were taken.</summary>
    /// <exception cref="IOException">The state could not be persisted.</exception>
    public async Task RunAsync(TimeSpan interval, long? count, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _wallClock);
        while (!cancellationToken.IsCancellationRequested)
        {
            await TakeReadingAsync(cancellationToken).ConfigureAwait(false);
            if (count is { } limit && Produced >= limit)
            {
                return;
            }

            await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One reading: measure, integrate, persist, spool.</summary>
    public async Task<Reading> TakeReadingAsync(CancellationToken cancellationToken)
    {
        var sample = await _sensor.ReadAsync(cancellationToken).ConfigureAwait(false);
        _counters.Add(sample.MeasuredAt, sample.PowerW);
        var seq = _seq + 1;
        var now = ReadingJson.TruncateToMilliseconds(_wallClock.GetUtcNow());

        _store.Save(new MeterState(_meterId, seq, _counters.ImportWh, _counters.ExportWh, now));
        Interlocked.Exchange(ref _seq, seq);

        var reading = new Reading
        {
            MeterId = _meterId,
            Timestamp = now,

            // Wh to the milliwatt-hour: rounding is monotonic, so the published registers never decrease either.
            EnergyImportWh = Math.Round(_counters.ImportWh, 3),
            EnergyExportWh = Math.Round(_counters.ExportWh, 3),
            PowerW = sample.PowerW,
            VoltageV = [sample.VoltageV],
            CurrentA = [sample.CurrentA],
            FrequencyHz = sample.FrequencyHz,
            Seq = seq,
        };

        if (Signer is { } signer)
        {
            // What the hub's signature rule checks (docs/ledger.md "Reading encoding"): keccak256 of the canonical
            // encoding of the reading without its signature, signed with RFC 6979 and low s.
            reading = reading with { Signature = signer.Sign(CanonicalEncoding.ReadingHash(reading)).ToHex() };
        }

        _outbox.Add(seq, ReadingJson.ToUtf8Bytes(reading));
        Interlocked.Increment(ref _produced);

        // The uplink may have sent this reading and asked whether it was done before the count above (with --count it
        // then waits for more): wake it to ask again.
        _outbox.Ring();
        Log.ReadingTaken(_logger, seq, sample.PowerW, sample.VoltageV, reading.EnergyImportWh.Value, reading.EnergyExportWh.Value);
        ReadingTaken?.Invoke(reading);
        return reading;
    }
}
