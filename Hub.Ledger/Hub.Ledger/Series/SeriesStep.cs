namespace Hub.Ledger;

/// <summary>How <c>/api/series</c> groups readings.</summary>
public enum SeriesStep
{
    /// <summary>Every reading, one point each.</summary>
    Raw,

    /// <summary>UTC minutes, aggregated from the raw readings at query time.</summary>
    Minute,

    /// <summary>UTC hours, answered from the hourly roll-ups.</summary>
    Hour,

    /// <summary>UTC days, answered from the daily roll-ups.</summary>
    Day,
}
