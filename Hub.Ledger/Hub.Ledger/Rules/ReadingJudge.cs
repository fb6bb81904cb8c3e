using Hub.Plugins.Abstractions;

namespace Hub.Ledger;

/// <summary>
/// Runs the rules over a stream of readings in store order, remembering each meter's history as the writer does,
/// so that the writer and the verifier reach the same verdicts from the same readings.
/// </summary>
internal sealed class ReadingJudge(RuleOptions rules, MeterCatalog catalog)
{
    private readonly Dictionary<string, MeterHistory?> _histories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeterRules> _meters = new(StringComparer.Ordinal);

    public MeterCatalog Catalog => catalog;

    private MeterTopology? _topology;

    public IReadOnlyList<Verdict> Judge(Reading reading, DateTimeOffset receivedAt) =>
        RuleEngine.Evaluate(reading, receivedAt, _histories.GetValueOrDefault(reading.MeterId), rules, RulesOf(reading.MeterId), _histories.GetValueOrDefault);

    /// <summary>The sub-meter relations (read on first use; a bad Meters:N:Parent throws, naming the key).</summary>
    public MeterTopology Topology => _topology ??= MeterTopology.From(catalog);

    /// <summary>The meter's own settings (cached; a meter no longer configured gets the defaults).</summary>
    public MeterRules RulesOf(string meterId)
    {
        if (!_meters.TryGetValue(meterId, out var meter))
        {
            meter = MeterRules.From(catalog.Find(meterId), Topology);
            _meters[meterId] = meter;
        }

        return meter;
    }

    /// <summary>Starts a meter from a known history (the verifier, after readings that retention pruned).</summary>
    public void Seed(string meterId, MeterHistory? history) => _histories[meterId] = history;

    public void Accept(Reading reading, bool valid) =>
        _histories[reading.MeterId] = MeterHistory.After(_histories.GetValueOrDefault(reading.MeterId), reading, valid, RulesOf(reading.MeterId).KeepsTrail);
}
