using System.Globalization;
using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Configuration;

namespace Hub.Ledger.Storage;

/// <summary>
/// <c>Hub.Host store check|rebuild</c> (docs/faults.md "Corrupt store"): whether every page of the store reads, and a
/// rebuild that keeps the damaged files aside and copies whatever LiteDB can still read into a new store.
/// The hub must be stopped (it holds an exclusive lock on the files while it runs).
/// </summary>
public static class StoreRepair
{
    /// <summary>The data file the configuration names.</summary>
    public static string DataFileOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dataDir = configuration.GetSection(LedgerOptions.SectionName).Get<LedgerOptions>()?.DataDir
            ?? throw new InvalidDataException("Hub:DataDir: is missing; the store command needs the hub's data folder.");
        return Path.GetFullPath(Path.Combine(dataDir, LiteStore.DataFileName));
    }

    /// <summary>
    /// Opens the store and reads every document of every collection; returns the count per collection.
    /// </summary>
    /// <exception cref="StoreCorruptException">A page does not read; the message names the file and the procedure.</exception>
    public static IReadOnlyDictionary<string, long> Check(IConfiguration configuration)
    {
        var dataFile = DataFileOf(configuration);
        if (!File.Exists(dataFile))
        {
            throw new FileNotFoundException($"Hub:DataDir: no store at {dataFile}.", dataFile);
        }

        using var store = new LiteStore(Path.GetDirectoryName(dataFile)!, long.MaxValue);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        try
        {
            foreach (var name in store.Database.GetCollectionNames())
            {
                long count = 0;
                foreach (var document in store.Database.GetCollection(name).FindAll())
                {
                    _ = document;
                    count++;
                }

                counts[name] = count;
            }
        }
        catch (Exception ex) when (ex is LiteException or InvalidCastException or EndOfStreamException or IndexOutOfRangeException or ArgumentException)
        {
            throw StoreCorruptException.Of(dataFile, ex);
        }

        return counts;
    }

    /// <summary>
    /// Moves the store's files aside as <c>*.damaged-&lt;time&gt;</c>, rebuilds the data file from a copy of them with
    /// LiteDB's own rebuild (which reads page by page and skips what it cannot read, noting each error in its
    /// <c>_rebuild_errors</c> collection) and returns what the new store holds and the names of the kept files.
    /// </summary>
    public static RebuildReport Rebuild(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var dataFile = DataFileOf(configuration);
        var logFile = Path.Combine(Path.GetDirectoryName(dataFile)!, LiteStore.LogFileName);
        if (!File.Exists(dataFile))
        {
            throw new FileNotFoundException($"Hub:DataDir: no store at {dataFile}.", dataFile);
        }

        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var keptData = $"{dataFile}.damaged-{stamp}";
        var keptLog = $"{logFile}.damaged-{stamp}";
        File.Move(dataFile, keptData);
        if (File.Exists(logFile))
        {
            File.Move(logFile, keptLog);
        }

        // LiteDB rebuilds a file in place: work on copies, so the kept originals stay as they were.
        File.Copy(keptData, dataFile);
        if (File.Exists(keptLog))
        {
            File.Copy(keptLog, logFile);
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var errors = 0L;
        string? failure = null;
        try
        {
            using var engine = new LiteEngine(new EngineSettings { Filename = dataFile, AutoRebuild = true });
            using var db = new LiteDatabase(engine, disposeOnClose: false);
            foreach (var name in db.GetCollectionNames())
            {
                counts[name] = db.GetCollection(name).LongCount();
            }

            errors = db.GetCollection("_rebuild_errors").LongCount();
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException or IndexOutOfRangeException or ArgumentException)
        {
            // Nothing readable: start from an empty store rather than from the damaged one.
            failure = ex.Message;
            File.Delete(dataFile);
            File.Delete(logFile);
        }

        return new RebuildReport(dataFile, keptData, File.Exists(keptLog) ? keptLog : null, counts, errors, failure);
    }
}

/// <summary>What <see cref="StoreRepair.Rebuild"/> did.</summary>
/// <param name="DataFile">The rebuilt store.</param>
/// <param name="KeptDataFile">The damaged data file, kept aside.</param>
/// <param name="KeptLogFile">The damaged log file, kept aside; null when there was none.</param>
/// <param name="Collections">Documents per collection in the rebuilt store.</param>
/// <param name="Errors">Pages or documents LiteDB could not read (its <c>_rebuild_errors</c>).</param>
/// <param name="Failure">Why nothing could be rebuilt (the hub starts on an empty store); null when the rebuild ran.</param>
public sealed record RebuildReport(string DataFile, string KeptDataFile, string? KeptLogFile, IReadOnlyDictionary<string, long> Collections, long Errors, string? Failure);
