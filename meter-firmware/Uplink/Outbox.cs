using System.Globalization;
using System.Threading.Channels;
using MeterFirmware.State;
using Microsoft.Extensions.Logging;

namespace MeterFirmware.Uplink;

/// <summary>
/// The readings not yet acknowledged by the broker, oldest first, one file per reading in
/// <c>{stateDir}/outbox/{seq:D20}.json</c> so that they survive a reboot while the broker is away. A reading leaves
/// only on its PUBACK (<see cref="Remove"/>) or, when the bound is reached, as the oldest to make room (logged).
/// </summary>
internal sealed class Outbox
{
    public const string DirectoryName = "outbox";
    private const string Extension = ".json";

    private readonly string _directory;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly LinkedList<OutboxEntry> _entries = new();
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ulong _droppedSinceReport;
    private ulong _firstDropped;
    private ulong _lastDropped;

    public Outbox(string stateDirectory, int capacity, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(stateDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = Path.Combine(Path.GetFullPath(stateDirectory), DirectoryName);
        _capacity = capacity;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        LoadFromDisk();
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public string DirectoryPath => _directory;

    /// <summary>Spools a reading durably; drops the oldest when the bound is reached.</summary>
    public void Add(ulong seq, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        AtomicFile.Write(PathOf(seq), payload);
        lock (_gate)
        {
            _entries.AddLast(new OutboxEntry(seq, payload));
            while (_entries.Count > _capacity)
            {
                DropOldest();
            }
        }

        _doorbell.Writer.TryWrite(true);
    }

    public bool TryPeek(out OutboxEntry entry)
    {
        lock (_gate)
        {
            entry = _entries.First?.Value!;
            return entry is not null;
        }
    }

    /// <summary>
    /// Returns at once when there is something to send, else at the next <see cref="Add"/> or <see cref="Ring"/>
    /// (the outbox may then still be empty: the caller checks again).
    /// </summary>
    public async ValueTask WaitForEntryAsync(CancellationToken cancellationToken)
    {
        if (Count == 0)
        {
            await _doorbell.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes a <see cref="WaitForEntryAsync"/> without an entry, so that the uplink looks again whether it is done.</summary>
    public void Ring() => _doorbell.Writer.TryWrite(true);

    /// <summary>The broker acknowledged <paramref name="entry"/>: forget it. A no-op if it was dropped meanwhile.</summary>
    public void Remove(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (_entries.First?.Value.Seq != entry.Seq)
            {
                return;
            }

            _entries.RemoveFirst();
            if (_droppedSinceReport > 0)
            {
                Log.BufferDropped(_logger, _droppedSinceReport, _firstDropped, _lastDropped);
                _droppedSinceReport = 0;
            }
        }

        // No fsync: if the deletion is lost in a crash the reading is sent again, and the hub de-duplicates by seq.
        File.Delete(PathOf(entry.Seq));
    }

    private void DropOldest()
    {
        var oldest = _entries.First!.Value;
        _entries.RemoveFirst();
        File.Delete(PathOf(oldest.Seq));
        if (_droppedSinceReport == 0)
        {
            _firstDropped = oldest.Seq;
            Log.BufferFull(_logger, _capacity, oldest.Seq);
        }

        _droppedSinceReport++;
        _lastDropped = oldest.Seq;
    }

    private void LoadFromDisk()
    {
        var found = new List<ulong>();
        foreach (var file in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(AtomicFile.TempSuffix, StringComparison.Ordinal))
            {
                // A spool write cut short by a crash; the reading was never handed to the uplink.
                File.Delete(file);
            }
            else if (name.EndsWith(Extension, StringComparison.Ordinal)
                && ulong.TryParse(name.AsSpan(0, name.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                found.Add(seq);
            }
        }

        found.Sort();
        lock (_gate)
        {
            foreach (var seq in found)
            {
                _entries.AddLast(new OutboxEntry(seq, File.ReadAllBytes(PathOf(seq))));
            }

            while (_entries.Count > _capacity)
            {
                DropOldest();
            }
        }

        if (found.Count > 0)
        {
            Log.BufferRestored(_logger, found.Count);
            _doorbell.Writer.TryWrite(true);
        }
    }

    private string PathOf(ulong seq) => Path.Combine(_directory, seq.ToString("D20", CultureInfo.InvariantCulture) + Extension);
}
