using System.Globalization;

namespace Hub.Ledger.Billing;

/// <summary>
/// The tariff compiled from <see cref="TariffOptions"/>: an import band for every minute of the local week, the
/// zone, the period and the rounding. Immutable, so bill computation stays a pure function of it and the readings.
/// </summary>
public sealed class Tariff
{
    public const int MinutesPerWeek = 7 * 24 * 60;

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    // ISO 4217 currencies whose minor unit is not a hundredth.
    private static readonly Dictionary<string, int> MinorDigitsExceptions = new(StringComparer.Ordinal)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0, ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLF"] = 4, ["UYW"] = 4,
    };

    // Index into _bands per minute of the week, Sunday 00:00 = 0 (DayOfWeek order).
    private readonly int[] _bandAt;

    // Minutes from each minute of the week until the band changes (int.MaxValue when it never does).
    private readonly int[] _minutesToChange;

    private Tariff(
        string currency,
        TimeZoneInfo zone,
        IReadOnlyList<TariffBand> bands,
        int[] bandAt,
        decimal exportPrice,
        decimal standingCharge,
        BillPeriodKind period,
        int billDay,
        MidpointRounding rounding)
    {
        Currency = currency;
        Zone = zone;
        Bands = bands;
        _bandAt = bandAt;
        ExportPricePerKwh = exportPrice;
        StandingChargePerDay = standingCharge;
        Period = period;
        BillDay = billDay;
        Rounding = rounding;
        MinorDigits = MinorDigitsOf(currency);
        _minutesToChange = new int[MinutesPerWeek];
        Array.Fill(_minutesToChange, int.MaxValue);
        var change = Enumerable.Range(0, MinutesPerWeek).FirstOrDefault(m => bandAt[m] != bandAt[(m + 1) % MinutesPerWeek], -1);
        if (change >= 0)
        {
            // Backwards round the week from a minute whose successor differs: each minute needs only its successor.
            for (var i = 0; i < MinutesPerWeek; i++)
            {
                var m = (change - i + MinutesPerWeek) % MinutesPerWeek;
                var next = (m + 1) % MinutesPerWeek;
                _minutesToChange[m] = bandAt[next] != bandAt[m] ? 1 : _minutesToChange[next] + 1;
            }
        }
    }

    public string Currency { get; }

    /// <summary>Digits of the currency's minor unit (2 for EUR: cents).</summary>
    public int MinorDigits { get; }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<TariffBand> Bands { get; }

    public decimal ExportPricePerKwh { get; }

    public decimal StandingChargePerDay { get; }

    public BillPeriodKind Period { get; }

    public int BillDay { get; }

    public MidpointRounding Rounding { get; }

    /// <summary>The band of a local wall-clock minute.</summary>
    public int BandAt(DateTime local) => _bandAt[MinuteOfWeek(local)];

    /// <summary>Minutes of local wall-clock time from the start of <paramref name="local"/>'s minute until the band changes.</summary>
    public int MinutesToChange(DateTime local) => _minutesToChange[MinuteOfWeek(local)];

    /// <summary>Rounds an amount once, to the currency's minor unit, by <see cref="Rounding"/>.</summary>
    public decimal RoundMoney(decimal amount) => Math.Round(amount, MinorDigits, Rounding);

    /// <summary>An amount in minor units (cents): what the chain settles.</summary>
    public long ToMinorUnits(decimal amount) => decimal.ToInt64(amount * Pow10(MinorDigits));

    /// <summary>Digits of an ISO 4217 currency's minor unit: 2 except for the few with 0, 3 or 4.</summary>
    public static int MinorDigitsOf(string currency) => MinorDigitsExceptions.GetValueOrDefault(currency, 2);

    public static int MinuteOfWeek(DateTime local) => ((int)local.DayOfWeek * 24 * 60) + (local.Hour * 60) + local.Minute;

    /// <summary>Compiles the options, or returns null with one message per bad key (named <c>Tariff:…</c>).</summary>
    public static Tariff? Create(TariffOptions options, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.BindError is not null)
        {
            problems.Add(options.BindError);
        }

        var currency = options.Currency ?? string.Empty;
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            problems.Add($"Tariff:Currency: '{currency}' is not an ISO 4217 code (three capital letters, e.g. EUR).");
        }

        TimeZoneInfo zone = TimeZoneInfo.Local;
        if (!string.IsNullOrWhiteSpace(options.TimeZone))
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                problems.Add($"Tariff:TimeZone: '{options.TimeZone}' is not a known IANA time zone (e.g. Europe/Berlin).");
            }
        }

        if (!Enum.TryParse<BillPeriodKind>(options.Period, ignoreCase: true, out var period) || !Enum.IsDefined(period) || int.TryParse(options.Period, out _))
        {
            problems.Add($"Tariff:Period: '{options.Period}' is not one of Monthly, Daily, Hourly.");
        }

        if (options.BillDay is < 1 or > 28)
        {
            problems.Add($"Tariff:BillDay: {options.BillDay} must be 1 to 28 (every month has it).");
        }

        MidpointRounding rounding = MidpointRounding.ToEven;
        if (string.Equals(options.Rounding, "AwayFromZero", StringComparison.OrdinalIgnoreCase))
        {
            rounding = MidpointRounding.AwayFromZero;
        }
        else if (!string.Equals(options.Rounding, "ToEven", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Tariff:Rounding: '{options.Rounding}' is not ToEven or AwayFromZero.");
        }

        NotNegative(problems, "Tariff:ImportPricePerKwh", options.ImportPricePerKwh ?? 0);
        NotNegative(problems, "Tariff:ExportPricePerKwh", options.ExportPricePerKwh);
        NotNegative(problems, "Tariff:StandingChargePerDay", options.StandingChargePerDay);
        if (!(options.IssueDelaySeconds >= 0) || !double.IsFinite(options.IssueDelaySeconds))
        {
            problems.Add($"Tariff:IssueDelaySeconds: {options.IssueDelaySeconds.ToString(CultureInfo.InvariantCulture)} must be 0 or more seconds.");
        }

        var bands = new List<TariffBand>();
        var bandAt = new int[MinutesPerWeek];
        Array.Fill(bandAt, -1);
        if (options.ImportPricePerKwh is { } flat)
        {
            bands.Add(new TariffBand(options.ImportBands.Count == 0 ? "flat" : "other hours", flat));
            Array.Fill(bandAt, 0);
        }

        var covered = new int[MinutesPerWeek];
        Array.Fill(covered, -1);
        for (var i = 0; i < options.ImportBands.Count; i++)
        {
            var key = $"Tariff:ImportBands:{i.ToString(CultureInfo.InvariantCulture)}";
            var band = options.ImportBands[i];
            if (band.PricePerKwh is not { } price)
            {
                problems.Add($"{key}:PricePerKwh: missing; every band needs a price.");
                continue;
            }

            NotNegative(problems, $"{key}:PricePerKwh", price);
            var from = ParseTime(problems, $"{key}:From", band.From);
            var to = ParseTime(problems, $"{key}:To", band.To);
            if (from is null || to is null)
            {
                continue;
            }

            if (to <= from)
            {
                problems.Add($"{key}:To: {band.To} must be after From ({band.From}); split a band over midnight in two.");
                continue;
            }

            var days = new List<int>();
            foreach (var day in band.Days.Count == 0 ? DayNames : band.Days)
            {
                var d = Array.FindIndex(DayNames, n => string.Equals(n, day?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (d < 0)
                {
                    problems.Add($"{key}:Days: '{day}' is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun.");
                    continue;
                }

                days.Add(d);
            }

            var index = bands.Count;
            bands.Add(new TariffBand(band.Name ?? $"{DaysLabel(days)} {band.From}-{band.To}", price));
            foreach (var d in days)
            {
                for (var m = from.Value; m < to.Value; m++)
                {
                    var minute = (d * 24 * 60) + m;
                    if (covered[minute] >= 0)
                    {
                        problems.Add($"{key}: overlaps Tariff:ImportBands:{covered[minute].ToString(CultureInfo.InvariantCulture)} on {DayNames[d]} at {(m / 60).ToString("00", CultureInfo.InvariantCulture)}:{(m % 60).ToString("00", CultureInfo.InvariantCulture)}.");
                        goto nextBand;
                    }

                    covered[minute] = i;
                    bandAt[minute] = index;
                }
            }

        nextBand:;
        }

        if (problems.Count == 0 && Array.IndexOf(bandAt, -1) is var gap and >= 0)
        {
            problems.Add(bands.Count == 0
                ? "Tariff:ImportPricePerKwh: missing; give a flat price or Tariff:ImportBands."
                : $"Tariff:ImportBands: no band covers {DayNames[gap / (24 * 60)]} {(gap % (24 * 60) / 60).ToString("00", CultureInfo.InvariantCulture)}:{(gap % 60).ToString("00", CultureInfo.InvariantCulture)}; add a band or Tariff:ImportPricePerKwh for the other hours.");
        }

        errors = problems;
        return problems.Count > 0 ? null
            : new Tariff(currency, zone, bands, bandAt, options.ExportPricePerKwh, options.StandingChargePerDay, period, options.BillDay, rounding);
    }

    /// <summary>
    /// The UTC instant of a local wall-clock time: a time skipped by a daylight-saving change moves forward to the
    /// first instant that exists; a time that occurs twice is the first occurrence.
    /// </summary>
    public DateTimeOffset ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The local wall-clock time of an instant.</summary>
    public DateTime ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone).DateTime;

    internal static decimal Pow10(int digits)
    {
        var p = 1m;
        for (var i = 0; i < digits; i++)
        {
            p *= 10;
        }

        return p;
    }

    private static void NotNegative(List<string> problems, string key, decimal value)
    {
        if (value < 0)
        {
            problems.Add($"{key}: {value.ToString(CultureInfo.InvariantCulture)} must be 0 or more.");
        }
    }

    private static int? ParseTime(List<string> problems, string key, string? text)
    {
        if (text is { Length: 5 } && text[2] == ':'
            && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && ((h < 24 && m < 60) || (h == 24 && m == 0)))
        {
            return (h * 60) + m;
        }

        problems.Add($"{key}: '{text}' is not a local time HH:mm (00:00 to 24:00).");
        return null;
    }

    private static string DaysLabel(List<int> days)
    {
        var sorted = days.Distinct().Select(d => (d + 6) % 7).Order().ToList(); // Monday first
        if (sorted.Count == 7)
        {
            return "Mon-Sun";
        }

        var contiguous = sorted.Count > 1 && sorted[^1] - sorted[0] == sorted.Count - 1;
        string Name(int mondayFirst) => DayNames[(mondayFirst + 1) % 7];
        return contiguous ? $"{Name(sorted[0])}-{Name(sorted[^1])}" : string.Join(',', sorted.Select(Name));
    }
}
