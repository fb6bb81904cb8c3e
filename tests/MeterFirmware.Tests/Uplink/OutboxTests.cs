using System.Text;
using MeterFirmware.Tests.TestSupport;
using MeterFirmware.Uplink;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeterFirmware.Tests.Uplink;

public sealed class OutboxTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Outbox Open(int capacity = 100) => new(_dir.Path, capacity, NullLogger.Instance);

    private static byte[] Payload(ulong seq) => Encoding.UTF8.GetBytes($"{{\"seq\":{seq}}}");

    [Fact]
    public void Unacknowledged_readings_survive_a_restart_in_seq_order()
    {
        var outbox = Open();
        foreach (var seq in new ulong[] { 7, 8, 9, 10, 11 })
        {
            outbox.Add(seq, Payload(seq));
        }

        Assert.True(outbox.TryPeek(out var head));
        outbox.Remove(head);

        var reopened = Open();
        var order = new List<ulong>();
        while (reopened.TryPeek(out var entry))
        {
            Assert.Equal(Payload(entry.Seq), entry.Payload);
            order.Add(entry.Seq);
            reopened.Remove(entry);
        }

        Assert.Equal([8UL, 9, 10, 11], order);
        Assert.Empty(Directory.GetFiles(reopened.DirectoryPath));
    }

    [Fact]
    public void A_full_buffer_drops_the_oldest_on_disk_too()
    {
        var outbox = Open(capacity: 3);
        for (ulong seq = 1; seq <= 5; seq++)
        {
            outbox.Add(seq, Payload(seq));
        }

        Assert.Equal(3, outbox.Count);
        Assert.True(outbox.TryPeek(out var head));
        Assert.Equal(3UL, head.Seq);
        Assert.Equal(3, Directory.GetFiles(outbox.DirectoryPath).Length);
        Assert.Equal(3, Open(capacity: 3).Count);
    }

    [Fact]
    public void Removing_an_entry_that_was_already_dropped_keeps_the_newer_ones()
    {
        var outbox = Open(capacity: 2);
        outbox.Add(1, Payload(1));
        Assert.True(outbox.TryPeek(out var inFlight));
        outbox.Add(2, Payload(2));
        outbox.Add(3, Payload(3)); // drops seq 1 while it is "in flight"

        outbox.Remove(inFlight);

        Assert.Equal(2, outbox.Count);
        Assert.True(outbox.TryPeek(out var head));
        Assert.Equal(2UL, head.Seq);
    }

    [Fact]
    public void Torn_spool_files_are_discarded_on_start()
    {
        var outbox = Open();
        outbox.Add(1, Payload(1));
        File.WriteAllText(Path.Combine(outbox.DirectoryPath, "00000000000000000002.json.tmp"), "{\"se");

        var reopened = Open();

        Assert.Equal(1, reopened.Count);
        Assert.Single(Directory.GetFiles(reopened.DirectoryPath));
    }

    [Fact]
    public async Task Waiting_ends_when_a_reading_is_added()
    {
        var outbox = Open();
        var waiting = outbox.WaitForEntryAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        outbox.Add(1, Payload(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_ring_ends_the_wait_without_an_entry_and_an_entry_ends_it_at_once()
    {
        var outbox = Open();
        var waiting = outbox.WaitForEntryAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        outbox.Ring();

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, outbox.Count);

        outbox.Add(1, Payload(1));
        Assert.True(outbox.WaitForEntryAsync(CancellationToken.None).AsTask().IsCompleted);
        Assert.True(outbox.WaitForEntryAsync(CancellationToken.None).AsTask().IsCompleted); // entries, not rings, keep it open
    }
}
