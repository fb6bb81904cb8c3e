using System.ComponentModel;
using System.Globalization;
using Hub.Ledger;
using Hub.Plugins.Abstractions;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Hub.WebUi.Endpoints;

/// <summary><c>GET /api/series?meter=&amp;quantity=&amp;from=&amp;to=&amp;step=</c>: downsampled history for charts.</summary>
internal static class SeriesEndpoint
{
    private static readonly (string Name, SeriesQuantity Quantity, string Unit)[] Quantities =
    [
        ("energyImportWh", SeriesQuantity.EnergyImportWh, "Wh"),
        ("energyExportWh", SeriesQuantity.EnergyExportWh, "Wh"),
        ("powerW", SeriesQuantity.PowerW, "W"),
        ("voltageV", SeriesQuantity.VoltageV, "V"),
        ("currentA", SeriesQuantity.CurrentA, "A"),
        ("frequencyHz", SeriesQuantity.FrequencyHz, "Hz"),
    ];

    private static readonly (string Name, SeriesStep Step, long Ms)[] Steps =
    [
        ("raw", SeriesStep.Raw, 0),
        ("minute", SeriesStep.Minute, 60_000),
        ("hour", SeriesStep.Hour, 3_600_000),
        ("day", SeriesStep.Day, 86_400_000),
    ];

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/series", Get)
            .WithName("GetSeries")
            .WithTags("History")
            .WithSummary("Downsampled history of one quantity of one meter, for charts")
            .WithDescription("Buckets of UTC minutes, hours or days (or every reading at step raw) whose start lies in [from, to); "
                + "from is rounded down to a bucket start. Hour and day steps come from the roll-ups, which trail ingest by up to "
                + "Hub:RollupSeconds (see rolledThrough). Energy quantities give the Wh of each bucket from valid counter differences "
                + "(the counter itself at step raw); the others give the average of the valid readings, powerW also min and max. "
                + "Defaults: to = now, from = to - 24 h, step = hour. At most " + ISeriesSource.MaxPoints.ToString(CultureInfo.InvariantCulture)
                + " points (buckets, or readings at step raw); more is a 400 naming 'step'.")
            .ProducesValidationProblem();
    }

    internal static Results<Ok<SeriesView>, ProblemHttpResult> Get(
        HttpRequest request,
        [FromServices] ISeriesSource series,
        [FromServices] MeterCatalog catalog,
        [FromServices] TimeProvider time,
        [FromQuery, Description("The meter id (required).")] string? meter,
        [FromQuery, Description("energyImportWh, energyExportWh, powerW, voltageV, currentA or frequencyHz (required).")] string? quantity,
        [FromQuery, Description("Range start, ISO 8601 (UTC when no offset); default: 24 h before 'to'.")] string? from,
        [FromQuery, Description("Range end (exclusive), ISO 8601; default: now.")] string? to,
        [FromQuery, Description("raw, minute, hour or day; default hour.")] string? step)
    {
        var reader = new QueryReader(request);
        var meterId = reader.MeterId("meter", meter);
        var fromTime = reader.Time("from", from);
        var toTime = reader.Time("to", to);
        var quantityText = reader.Text("quantity", quantity);
        var stepText = reader.Text("step", step) ?? "hour";
        if (meterId is null && !reader.Errors.ContainsKey("meter"))
        {
            reader.Reject("meter", "is required: the id of a meter, as GET /api/meters lists them.");
        }
        else if (meterId is not null && catalog.Find(meterId) is null && !series.HasMeter(meterId))
        {
            reader.Reject("meter", $"no meter '{meterId}' is configured or has readings; GET /api/meters lists the meters.");
        }

        var q = Array.FindIndex(Quantities, x => string.Equals(x.Name, quantityText, StringComparison.Ordinal));
        if (q < 0 && !reader.Errors.ContainsKey("quantity"))
        {
            reader.Reject("quantity", quantityText is null
                ? "is required: one of " + string.Join(", ", Quantities.Select(x => x.Name)) + "."
                : $"expected one of {string.Join(", ", Quantities.Select(x => x.Name))}, got '{Problems.Clip(quantityText)}'.");
        }

        var s = Array.FindIndex(Steps, x => string.Equals(x.Name, stepText, StringComparison.Ordinal));
        if (s < 0 && !reader.Errors.ContainsKey("step"))
        {
            reader.Reject("step", $"expected raw, minute, hour or day, got '{Problems.Clip(stepText)}'.");
        }

        var end = toTime ?? time.GetUtcNow();
        var start = fromTime ?? end.AddDays(-1);
        if (fromTime is not null && toTime is not null && start >= end)
        {
            reader.Reject("from", "must be before 'to'.");
        }
        else if (toTime is null && fromTime is not null && start >= end)
        {
            reader.Reject("from", "must be in the past when 'to' is not given (to defaults to now).");
        }

        if (s >= 0 && Steps[s].Ms > 0 && start < end && !reader.Errors.ContainsKey("from"))
        {
            var stepMs = Steps[s].Ms;
            var fromMs = start.ToUnixTimeMilliseconds();
            var floor = fromMs - (((fromMs % stepMs) + stepMs) % stepMs);
            var buckets = (end.ToUnixTimeMilliseconds() - floor + stepMs - 1) / stepMs;
            if (buckets > ISeriesSource.MaxPoints)
            {
                reader.Reject("step", string.Create(CultureInfo.InvariantCulture,
                    $"'{Steps[s].Name}' over this range gives {buckets} points, more than the limit of {ISeriesSource.MaxPoints}; choose a larger step or a shorter range."));
            }
        }

        if (reader.Errors.Count > 0)
        {
            return Problems.BadParameters(reader.Errors);
        }

        var (name, sq, unit) = Quantities[q];
        var answer = series.Read(meterId!, sq, start, end, Steps[s].Step);
        if (answer.TooMany)
        {
            return Problems.BadParameters(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["step"] = [$"'{Steps[s].Name}' over this range holds more than the limit of {ISeriesSource.MaxPoints.ToString(CultureInfo.InvariantCulture)} readings; choose a larger step or a shorter range."],
            });
        }

        var roundedFrom = Steps[s].Ms > 0 ? Floor(start, Steps[s].Ms) : start;
        return TypedResults.Ok(new SeriesView(meterId!, name, unit, Steps[s].Name, roundedFrom, end, answer.RolledThrough, [.. answer.Points.Select(SeriesPointView.From)]));
    }

    private static DateTimeOffset Floor(DateTimeOffset time, long stepMs)
    {
        var ms = time.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - (((ms % stepMs) + stepMs) % stepMs));
    }
}
