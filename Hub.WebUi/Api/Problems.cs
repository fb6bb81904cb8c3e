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

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: title,
            detail: detail,
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");
}
