using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.WebUi.Api;

/// <summary>RFC 9457 (formerly 7807) answers with messages a person can act on.</summary>
internal static class Problems
{
    /// <summary>400 naming each bad parameter, in <c>detail</c> and in <c>errors</c> (parameter → messages).</summary>
    public static ProblemHttpResult BadParameters(IReadOnlyDictionary<string, string[]> errors)
    {
        var detail = string.Join(' ', errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"));
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = errors.Count == 1 ? $"Invalid parameter '{errors.Keys.First()}'" : "Invalid parameters",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        return TypedResults.Problem(problem);
    }

    /// <summary>400 naming one bad parameter.</summary>
    public static ProblemHttpResult BadParameter(string key, string message) =>
        BadParameters(new Dictionary<string, string[]>(StringComparer.Ordinal) { [key] = [message] });

    /// <summary>A value quoted back in a message, cut to 40 characters so a huge parameter cannot flood the answer.</summary>
    public static string Clip(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    /// <summary>
    /// The <c>before</c>/<c>limit</c> paging parameters of the newest-first lists (blocks, bills): null and the
    /// values when sound, else the 400 answer naming the parameter. <paramref name="beforeMeaning"/> says what
    /// <c>before</c> counts, e.g. "a block height".
    /// </summary>
    public static ProblemHttpResult? ReadPage(string? before, string beforeMeaning, string? limit, out long? below, out int size)
    {
        below = null;
        size = 100;
        if (before is not null)
        {
            if (!long.TryParse(before, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return BadParameter("before", $"expected {beforeMeaning} (a whole number), got '{Clip(before)}'.");
            }

            below = b;
        }

        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > 1000))
        {
            return BadParameter("limit", $"expected 1 to 1000, got '{Clip(limit)}'.");
        }

        return null;
    }

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: title,
            detail: detail,
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");
}
