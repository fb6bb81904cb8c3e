using LiteDB;
using Hub.Ledger.Storage;

namespace Hub.Ledger.Billing;

/// <summary>
/// Issues bills and corrections; runs only on the single writer (inside <c>IngestWriter.RunOnWriterAsync</c>), so it
/// sees exactly the committed readings and its writes commit in one fsynced transaction. Bills use sealed readings
/// only. Policy (docs/ledger.md "Bills"):
/// <list type="bullet">
/// <item>A period is issued once it has ended, no unsealed reading falls before its end, and every billed meter that
/// has readings before the end has a sealed valid reading at or after it, or is silent: Tariff:IssueDelaySeconds have
/// passed since the end and since the hub last received a reading from it.</item>
/// <item>An issued bill is never rewritten. When later sealed readings change what a period computes to (a late or
/// re-delivered reading, a gap closed after issue), the hub issues a credit note for the whole current bill and a
/// new bill for the period, both referring to it.</item>
/// </list>
/// </summary>
internal sealed class BillIssuer(Tariff tariff, RuleOptions rules, IReadOnlyList<string> billedMeters, double issueDelaySeconds)
{
    private const string StateCollection = "billing";
    private const string StateId = "state";

    // Bounds the writer's time per call when catching up (e.g. hourly periods after a long outage).
    private const int MaxPeriodsPerCall = 48;

    public IReadOnlyList<Bill> Run(LiteStore store, DateTimeOffset now)
    {
        var issued = new List<Bill>();
        var sealedThrough = store.Tip.SealedThrough;
        store.Transact(db =>
        {
            var bills = db.GetCollection(BillDocument.Collection);
            bills.EnsureIndex(BillDocument.PeriodStartKey);
            bills.EnsureIndex(BillDocument.RefersKey);
            var states = db.GetCollection(StateCollection);
            var state = states.FindById(StateId) ?? new BsonDocument { ["_id"] = StateId, ["next"] = 1L, ["end"] = BsonValue.Null, ["cursor"] = 0L };
            var next = state["next"].AsInt64;
            DateTimeOffset? lastEnd = state["end"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(state["end"].AsInt64);
            var cursor = state["cursor"].AsInt64;

            if (lastEnd is { } issuedUntil && sealedThrough > cursor)
            {
                Correct(store, bills, sealedThrough, cursor, issuedUntil, now, issued, ref next);
            }

            var period = lastEnd is { } end ? BillPeriod.Containing(tariff, end)
                : store.OldestSealedReadingTime(sealedThrough) is { } oldest ? BillPeriod.Containing(tariff, oldest)
                : (BillPeriod?)null;
            var unsealedFrom = store.ReadingsBetween(sealedThrough + 1, long.MaxValue).Select(r => r.Reading.Timestamp).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            for (var n = 0; period is { } p && n < MaxPeriodsPerCall && p.End <= now && unsealedFrom >= p.End; n++)
            {
                var readings = Load(store, p, sealedThrough);
                if (!Ready(store, readings, p, now))
                {
                    break;
                }

                var bill = Issue(BillCalculator.Compute(tariff, p, readings, rules.MaxGapSeconds, rules.CounterRolloverWh), Bill.BillKind, null, next++, now);
                bills.Insert(BillDocument.ToDocument(bill));
                issued.Add(bill);
                lastEnd = p.End;
                period = p.Next(tariff);
            }

            state["next"] = next;
            state["end"] = lastEnd is { } e2 ? e2.ToUnixTimeMilliseconds() : BsonValue.Null;
            state["cursor"] = Math.Max(cursor, sealedThrough);
            states.Upsert(state);
            return issued.Count;
        });
        return issued;
    }

    private void Correct(LiteStore store, ILiteCollection<BsonDocument> bills, long sealedThrough, long cursor, DateTimeOffset issuedUntil, DateTimeOffset now, List<Bill> issued, ref long next)
    {
        // The earliest instant the newly sealed readings can change: per meter, the last valid reading before its
        // earliest new reading (the interval they split or close starts there).
        DateTimeOffset? earliest = null;
        foreach (var group in store.ReadingsBetween(cursor + 1, sealedThrough).GroupBy(r => r.Reading.MeterId, StringComparer.Ordinal))
        {
            if (!IsBilled(group.Key))
            {
                continue;
            }

            var first = group.Min(r => r.Reading.Timestamp);
            var from = store.LastValidBefore(group.Key, first, cursor)?.Reading.Timestamp ?? first;
            if (earliest is null || from < earliest)
            {
                earliest = from;
            }
        }

        if (earliest is not { } changedFrom || changedFrom >= issuedUntil)
        {
            return;
        }

        for (var p = BillPeriod.Containing(tariff, changedFrom); p.End <= issuedUntil; p = p.Next(tariff))
        {
            var current = bills.Find(Query.EQ(BillDocument.PeriodStartKey, p.Start.ToUnixTimeMilliseconds()))
                .Select(BillDocument.FromDocument)
                .Where(b => b.Kind == Bill.BillKind)
                .MaxBy(b => b.Sequence);
            if (current is null)
            {
                continue;
            }

            var draft = BillCalculator.Compute(tariff, p, Load(store, p, sealedThrough), rules.MaxGapSeconds, rules.CounterRolloverWh);
            var before = BillEncoding.EncodeContent(p, current.Currency, current.TimeZone, current.Lines, tariff.MinorDigits);
            var after = BillEncoding.EncodeContent(p, tariff.Currency, tariff.Zone.Id, draft.Lines, tariff.MinorDigits);
            if (before.AsSpan().SequenceEqual(after))
            {
                continue;
            }

            var credit = Issue(new BillDraft(p, [.. current.Lines.Select(l => l.Negated())], -current.Total), Bill.CreditNoteKind, current.Id, next++, now, current.Currency, current.TimeZone);
            var replacement = Issue(draft, Bill.BillKind, current.Id, next++, now);
            bills.Insert(BillDocument.ToDocument(credit));
            bills.Insert(BillDocument.ToDocument(replacement));
            issued.Add(credit);
            issued.Add(replacement);
        }
    }

    private Dictionary<string, IReadOnlyList<StoredReading>> Load(LiteStore store, BillPeriod period, long sealedThrough)
    {
        var meters = billedMeters.Count > 0 ? billedMeters : store.Meters;
        return meters.Distinct(StringComparer.Ordinal).ToDictionary(
            m => m,
            m => (IReadOnlyList<StoredReading>)store.BillReadings(m, period.Start, period.End, sealedThrough),
            StringComparer.Ordinal);
    }

    private bool Ready(LiteStore store, Dictionary<string, IReadOnlyList<StoredReading>> readings, BillPeriod period, DateTimeOffset now)
    {
        // A meter that was reading before the end must have reported after it (else its last interval is not known
        // yet), unless it has gone silent.
        var waited = now >= period.End.AddSeconds(issueDelaySeconds);
        return readings.All(kv =>
            !kv.Value.Any(r => r.Valid && r.Reading.Timestamp < period.End)
            || kv.Value.Any(r => r.Valid && r.Reading.Timestamp >= period.End)
            || (waited && store.NewestFirst(kv.Key).FirstOrDefault() is { } last && now >= last.ReceivedAt.AddSeconds(issueDelaySeconds)));
    }

    private bool IsBilled(string meter) => billedMeters.Count == 0 || billedMeters.Contains(meter, StringComparer.Ordinal);

    private Bill Issue(BillDraft draft, string kind, string? refers, long sequence, DateTimeOffset now, string? currency = null, string? zone = null)
    {
        var lastBlock = draft.Lines.Select(l => Math.Max(l.FirstBlockHeight ?? 0, l.LastBlockHeight ?? 0)).DefaultIfEmpty(0).Max();
        var unsigned = new Bill(
            Bill.IdOf(kind, sequence),
            sequence,
            kind,
            refers,
            draft.Period.Start,
            draft.Period.End,
            currency ?? tariff.Currency,
            zone ?? tariff.Zone.Id,
            draft.Lines,
            draft.Total,
            tariff.ToMinorUnits(draft.Total),
            DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
            [],
            lastBlock);
        return unsigned with { Hash = BillEncoding.Hash(unsigned) };
    }
}
