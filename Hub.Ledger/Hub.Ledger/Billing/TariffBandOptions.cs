namespace Hub.Ledger.Billing;

/// <summary>One time-of-use band: e.g. <c>{"Days":["Mon","Tue"],"From":"07:00","To":"22:00","PricePerKwh":0.32}</c>.</summary>
public sealed class TariffBandOptions
{
    /// <summary>Mon, Tue, Wed, Thu, Fri, Sat, Sun; empty means every day.</summary>
    public IList<string> Days { get; } = [];

    /// <summary>Local start time, HH:mm, inclusive.</summary>
    public string From { get; set; } = "00:00";

    /// <summary>Local end time, HH:mm, exclusive; 24:00 is the end of the day. Must be after From (split a band over midnight in two).</summary>
    public string To { get; set; } = "24:00";

    public decimal? PricePerKwh { get; set; }

    /// <summary>A name for the bill lines; default e.g. "Mon-Fri 07:00-22:00".</summary>
    public string? Name { get; set; }
}
