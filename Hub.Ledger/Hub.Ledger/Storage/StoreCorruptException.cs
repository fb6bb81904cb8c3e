namespace Hub.Ledger.Storage;

/// <summary>The store's files cannot be read as a LiteDB database: the hub must not start on them.</summary>
public sealed class StoreCorruptException : Exception
{
    public StoreCorruptException()
    {
    }

    public StoreCorruptException(string message)
        : base(message)
    {
    }

    public StoreCorruptException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The damaged LiteDB file.</summary>
    public string DataFile { get; private init; } = string.Empty;

    /// <summary>The error for a store that failed to open, naming the file and the recovery procedure.</summary>
    public static StoreCorruptException Of(string dataFile, Exception innerException) => new(
        $"the store {dataFile} is damaged and cannot be opened ({innerException?.Message}). Recovery: stop the hub, "
        + "run 'Hub.Host store check --config <hub.json>' to see what is readable, then 'Hub.Host store rebuild --config <hub.json>' "
        + "(it keeps the damaged files aside as *.damaged-<time>, copies every readable record into a new store and runs verify), "
        + "then start the hub again.",
        innerException)
    {
        DataFile = dataFile,
    };
}
