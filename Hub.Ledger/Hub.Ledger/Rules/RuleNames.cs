namespace Hub.Ledger;

/// <summary>The names of the validation rules, as they appear in a verdict's <c>rule</c>.</summary>
public static class RuleNames
{
    public const string Range = "range";
    public const string CounterMonotonic = "counter-monotonic";
    public const string Timestamp = "timestamp";
    public const string Duplicate = "duplicate";
    public const string CounterReset = "counter-reset";
    public const string CounterRate = "counter-rate";
    public const string TimestampOrder = "timestamp-order";
    public const string Signature = "signature";
    public const string PowerEnergy = "power-energy";
    public const string SubMeter = "sub-meter";
}
