using LiteDB;

namespace Hub.Ledger.Series;

/// <summary>
/// The aggregate of one meter's readings in one bucket. Every part merges by addition (or min/max), so a bucket can
/// be built up over many roll-up batches and from readings in any order. Energy is the sum of the steps between
/// consecutive valid counters, each step counted in the bucket of its later reading: the buckets' energies then add
/// up exactly to the counter difference over any run of buckets.
/// </summary>
internal sealed class SeriesBucket
{
    public required string MeterId { get; init; }

    public required long StartMs { get; init; }

    public long Count { get; set; }

    public long Invalid { get; set; }

    public double? ImportWh { get; set; }

    public double? ExportWh { get; set; }

    public double? PowerMin { get; set; }

    public double? PowerMax { get; set; }

    public double PowerSum { get; set; }

    public long PowerCount { get; set; }

    public double VoltageSum { get; set; }

    public long VoltageCount { get; set; }

    public double CurrentSum { get; set; }

    public long CurrentCount { get; set; }

    public double FrequencySum { get; set; }

    public long FrequencyCount { get; set; }

    /// <summary>Adds one reading; <paramref name="importStep"/>/<paramref name="exportStep"/> are its counter steps (valid readings only).</summary>
    public void Add(Hub.Plugins.Abstractions.Reading reading, bool valid, double? importStep, double? exportStep)
    {
        Count++;
        if (!valid)
        {
            Invalid++;
            return;
        }

        if (importStep is { } i)
        {
            ImportWh = (ImportWh ?? 0) + i;
        }

        if (exportStep is { } e)
        {
            ExportWh = (ExportWh ?? 0) + e;
        }

        if (reading.PowerW is { } p)
        {
            PowerMin = PowerMin is { } min ? Math.Min(min, p) : p;
            PowerMax = PowerMax is { } max ? Math.Max(max, p) : p;
            PowerSum += p;
            PowerCount++;
        }

        if (MeanOf(reading.VoltageV) is { } v)
        {
            VoltageSum += v;
            VoltageCount++;
        }

        if (MeanOf(reading.CurrentA) is { } c)
        {
            CurrentSum += c;
            CurrentCount++;
        }

        if (reading.FrequencyHz is { } f)
        {
            FrequencySum += f;
            FrequencyCount++;
        }
    }

    public void Merge(SeriesBucket other)
    {
        Count += other.Count;
        Invalid += other.Invalid;
        ImportWh = Sum(ImportWh, other.ImportWh);
        ExportWh = Sum(ExportWh, other.ExportWh);
        PowerMin = other.PowerMin is { } omin ? (PowerMin is { } min ? Math.Min(min, omin) : omin) : PowerMin;
        PowerMax = other.PowerMax is { } omax ? (PowerMax is { } max ? Math.Max(max, omax) : omax) : PowerMax;
        PowerSum += other.PowerSum;
        PowerCount += other.PowerCount;
        VoltageSum += other.VoltageSum;
        VoltageCount += other.VoltageCount;
        CurrentSum += other.CurrentSum;
        CurrentCount += other.CurrentCount;
        FrequencySum += other.FrequencySum;
        FrequencyCount += other.FrequencyCount;
    }

    public SeriesPoint ToPoint(SeriesQuantity quantity)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(StartMs);
        return quantity switch
        {
            SeriesQuantity.EnergyImportWh => new SeriesPoint(start, ImportWh, null, null, Count, Invalid),
            SeriesQuantity.EnergyExportWh => new SeriesPoint(start, ExportWh, null, null, Count, Invalid),
            SeriesQuantity.PowerW => new SeriesPoint(start, Average(PowerSum, PowerCount), PowerMin, PowerMax, Count, Invalid),
            SeriesQuantity.VoltageV => new SeriesPoint(start, Average(VoltageSum, VoltageCount), null, null, Count, Invalid),
            SeriesQuantity.CurrentA => new SeriesPoint(start, Average(CurrentSum, CurrentCount), null, null, Count, Invalid),
            SeriesQuantity.FrequencyHz => new SeriesPoint(start, Average(FrequencySum, FrequencyCount), null, null, Count, Invalid),
            _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "not a series quantity"),
        };
    }

    /// <summary>The mean over phases: what voltage and current series show for a meter with phases.</summary>
    public static double? MeanOf(IReadOnlyList<double>? values) => values is { Count: > 0 } ? values.Average() : null;

    public BsonDocument ToDocument() => new()
    {
        ["_id"] = SeriesCollections.BucketId(MeterId, StartMs),
        ["m"] = MeterId,
        ["t"] = StartMs,
        ["n"] = Count,
        ["inv"] = Invalid,
        ["ei"] = ImportWh is { } i ? i : BsonValue.Null,
        ["ee"] = ExportWh is { } e ? e : BsonValue.Null,
        ["pmin"] = PowerMin is { } pmin ? pmin : BsonValue.Null,
        ["pmax"] = PowerMax is { } pmax ? pmax : BsonValue.Null,
        ["ps"] = PowerSum,
        ["pn"] = PowerCount,
        ["vs"] = VoltageSum,
        ["vn"] = VoltageCount,
        ["cs"] = CurrentSum,
        ["cn"] = CurrentCount,
        ["fs"] = FrequencySum,
        ["fn"] = FrequencyCount,
    };

    public static SeriesBucket FromDocument(BsonDocument doc) => new()
    {
        MeterId = doc["m"].AsString,
        StartMs = doc["t"].AsInt64,
        Count = doc["n"].AsInt64,
        Invalid = doc["inv"].AsInt64,
        ImportWh = doc["ei"].IsNull ? null : doc["ei"].AsDouble,
        ExportWh = doc["ee"].IsNull ? null : doc["ee"].AsDouble,
        PowerMin = doc["pmin"].IsNull ? null : doc["pmin"].AsDouble,
        PowerMax = doc["pmax"].IsNull ? null : doc["pmax"].AsDouble,
        PowerSum = doc["ps"].AsDouble,
        PowerCount = doc["pn"].AsInt64,
        VoltageSum = doc["vs"].AsDouble,
        VoltageCount = doc["vn"].AsInt64,
        CurrentSum = doc["cs"].AsDouble,
        CurrentCount = doc["cn"].AsInt64,
        FrequencySum = doc["fs"].AsDouble,
        FrequencyCount = doc["fn"].AsInt64,
    };

    private static double? Sum(double? a, double? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private static double? Average(double sum, long count) => count == 0 ? null : sum / count;
}
