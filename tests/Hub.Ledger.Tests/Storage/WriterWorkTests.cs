using LiteDB;

namespace Hub.Ledger.Tests.Storage;

public sealed class WriterWorkTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Work_on_the_writer_commits_durably_and_is_read_back_after_a_restart()
    {
        await using (var ledger = await LedgerHost.StartAsync(_dir.Path))
        {
            await ledger.Ingest.IngestAsync(Readings.At("house", 1, 100, seq: 1));
            var readingsSeen = await ledger.Writer.RunOnWriterAsync(store => store.Transact(db =>
            {
                db.GetCollection("notes").Insert(new BsonDocument { ["_id"] = 1, ["text"] = "kept" });
                return store.Counters.Readings;
            }));

            // The work ran after the reading queued before it.
            Assert.Equal(1, readingsSeen);
        }

        await using var again = await LedgerHost.StartAsync(_dir.Path);
        var note = again.Ledger.Store.Database.GetCollection("notes").FindById(1);
        Assert.Equal("kept", note["text"].AsString);
    }

    [Fact]
    public async Task Failing_work_faults_its_task_rolls_back_and_the_writer_goes_on()
    {
        await using var ledger = await LedgerHost.StartAsync(_dir.Path);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.Writer.RunOnWriterAsync<int>(store => store.Transact<int>(db =>
        {
            db.GetCollection("notes").Insert(new BsonDocument { ["_id"] = 2 });
            throw new InvalidOperationException("boom");
        })));
        Assert.Equal("boom", failure.Message);
        Assert.Null(ledger.Ledger.Store.Database.GetCollection("notes").FindById(2));

        var outcome = await ledger.Ingest.IngestAsync(Readings.At("house", 1, 100, seq: 1));
        Assert.True(outcome.IsDurable);
    }
}
