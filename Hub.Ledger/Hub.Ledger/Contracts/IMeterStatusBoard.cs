using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>A meter's link state as plugins last reported it.</summary>
public sealed record MeterStatusSnapshot(MeterLinkState State, DateTimeOffset? Since, string? Reason);

/// <summary>What plugins reported about meters and about bad input, for <c>/api/meters</c> and <c>/health</c>.</summary>
public interface IMeterStatusBoard
{
    MeterStatusSnapshot StatusOf(string meterId);

    /// <summary>Problems reported since start, by plugin, then by kind (kebab case).</summary>
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ProblemCounts();
}
