using MeterFirmware.State;
using MeterFirmware.Tests.TestSupport;

namespace MeterFirmware.Tests.State;

public sealed class StateStoreTests : IDisposable
{
    private static readonly DateTimeOffset SavedAt = new(2026, 11, 24, 7, 22, 0, 123, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_new_directory_has_no_state()
    {
        Assert.Null(new StateStore(_dir.Path).Load());
    }

    [Fact]
    public void State_survives_a_restart_exactly()
    {
        var state = new MeterState("house", 18_446_744_073_709_551_000, 12345.678901234567, 0.1 + 0.2, SavedAt);
        new StateStore(_dir.Path).Save(state);

        var loaded = new StateStore(_dir.Path).Load();

        Assert.Equal(state, loaded);
    }

    [Fact]
    public void A_torn_temp_file_does_not_corrupt_the_state()
    {
        var good = new MeterState("house", 41, 1000.5, 2.25, SavedAt);
        var store = new StateStore(_dir.Path);
        store.Save(good);

        // A crash mid-write leaves a half-written temp file next to the last complete state.
        var temp = store.FilePath + ".tmp";
        File.WriteAllText(temp, """{"version":1,"meterId":"house","seq":42,"energyImp""");

        var loaded = new StateStore(_dir.Path).Load();

        Assert.Equal(good, loaded);
        Assert.False(File.Exists(temp), "the torn temp file should be cleared away");
    }

    [Fact]
    public void Saving_leaves_no_temp_file_and_valid_json_behind()
    {
        var store = new StateStore(_dir.Path);
        for (ulong seq = 1; seq <= 20; seq++)
        {
            store.Save(new MeterState("house", seq, seq * 10.0, 0, SavedAt));
        }

        Assert.Equal(["state.json"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
        Assert.Equal(20UL, new StateStore(_dir.Path).Load()!.Seq);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"meterId\":\"house\",\"seq\":4")]
    [InlineData("{\"meterId\":\"house\",\"seq\":-4,\"energyImportWh\":1,\"energyExportWh\":0,\"savedAt\":\"2026-11-24T07:22:00Z\"}")]
    [InlineData("{\"meterId\":\"house\",\"seq\":4,\"energyImportWh\":-1,\"energyExportWh\":0,\"savedAt\":\"2026-11-24T07:22:00Z\"}")]
    [InlineData("{\"meterId\":\"house\",\"seq\":4,\"energyExportWh\":0,\"savedAt\":\"2026-11-24T07:22:00Z\"}")]
    public void A_corrupt_state_file_refuses_to_start_rather_than_reset(string content)
    {
        File.WriteAllText(Path.Combine(_dir.Path, StateStore.FileName), content);

        var ex = Assert.Throws<StateCorruptException>(() => new StateStore(_dir.Path).Load());
        Assert.Contains("state.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_never_moves_backwards()
    {
        var store = new StateStore(_dir.Path);
        store.Save(new MeterState("house", 10, 100, 5, SavedAt));

        Assert.Throws<InvalidOperationException>(() => store.Save(new MeterState("house", 9, 100, 5, SavedAt)));
        Assert.Throws<InvalidOperationException>(() => store.Save(new MeterState("house", 11, 99, 5, SavedAt)));
        var reloaded = new StateStore(_dir.Path);
        reloaded.Load();
        Assert.Throws<InvalidOperationException>(() => reloaded.Save(new MeterState("house", 11, 100, 4, SavedAt)));
        Assert.Equal(10UL, new StateStore(_dir.Path).Load()!.Seq);
    }

    [Fact]
    public void A_second_process_cannot_take_the_same_state_directory()
    {
        using var first = StateDirectoryLock.Acquire(_dir.Path);
        Assert.ThrowsAny<IOException>(() => StateDirectoryLock.Acquire(_dir.Path));
    }
}
