using Microsoft.Extensions.Configuration;

namespace Hub.Ledger;

/// <summary>Which raw readings may be pruned: those sealed in blocks whose readings are all older than <see cref="Days"/> days, and anchored when <see cref="RequireAnchor"/>.</summary>
/// <param name="Days"><c>Hub:RetentionDays</c>; null keeps every reading.</param>
/// <param name="RequireAnchor">True when a chain is configured (<c>Chain:RpcUrl</c>): only blocks with an anchor transaction are pruned.</param>
public sealed record RetentionPolicy(int? Days, bool RequireAnchor)
{
    /// <summary>The policy a configuration sets.</summary>
    public static RetentionPolicy From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var days = configuration.GetSection(SeriesOptions.SectionName).Get<SeriesOptions>()?.RetentionDays;
        return new RetentionPolicy(days, !string.IsNullOrWhiteSpace(configuration["Chain:RpcUrl"]));
    }

    /// <summary>
    /// True when retention explains that a block's readings are gone: retention is on, every reading of the block is
    /// older than the retention period at <paramref name="now"/>, and the block is anchored where a chain is configured.
    /// </summary>
    public bool Allows(SealedBlock block, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(block);
        return Days is { } days
            && block.Header.LastTimestamp < now.AddDays(-days).ToUnixTimeMilliseconds()
            && (!RequireAnchor || block.AnchorTx is not null);
    }
}
