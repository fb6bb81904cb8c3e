namespace Hub.Plugins.Abstractions.Formats.Senml;

/// <summary>One SenML record as sent, before base values are applied (RFC 8428 §4.1, labels of Table 4).</summary>
public sealed record SenmlRawRecord
{
    public string? BaseName { get; init; }

    public double? BaseTime { get; init; }

    public string? BaseUnit { get; init; }

    public double? BaseValue { get; init; }

    public double? BaseSum { get; init; }

    public double? BaseVersion { get; init; }

    public string? Name { get; init; }

    public string? Unit { get; init; }

    public double? Value { get; init; }

    public string? StringValue { get; init; }

    public bool? BoolValue { get; init; }

    public string? DataValue { get; init; }

    public double? Sum { get; init; }

    public double? Time { get; init; }

    public double? UpdateTime { get; init; }
}
