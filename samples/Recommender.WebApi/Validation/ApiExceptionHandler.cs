using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Recommender.WebApi.Validation;

/// <summary>
/// Turns request errors that surface as exceptions into RFC 7807 problem details naming the field: malformed or
/// mistyped JSON (the JSON path, e.g. "count"), a missing body ("body"), an unparsable route or query value (the
/// parameter), and the SDK's <see cref="ArgumentException"/>s (its parameter name). Other exceptions are left to
/// the default handler (500 problem details).
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, field, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } bad => (bad.StatusCode, FieldOf(json.Path), $"The request body is not valid JSON for this endpoint: {FirstSentence(json.Message)}"),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status400BadRequest => (bad.StatusCode, ParameterOf(bad.Message), bad.Message),
            BadHttpRequestException bad => (bad.StatusCode, null, bad.Message),
            ArgumentException argument => (StatusCodes.Status400BadRequest, argument.ParamName ?? "request", argument.Message),
            _ => (0, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        Log.BadRequest(logger, httpContext.Request.Path, detail!);
        var problem = field is null
            ? new ProblemDetails { Status = status, Title = "The request could not be read.", Detail = detail }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail!] })
            {
                Status = status,
                Title = "One or more validation errors occurred.",
                Detail = detail,
            };
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>"$.candidateIds[2]" becomes "candidateIds[2]"; no path (an empty or truncated body) becomes "body".</summary>
    private static string FieldOf(string? path) => path switch
    {
        null or "" or "$" => "body",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path,
    };

    private static string ParameterOf(string message) =>
        message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "body"
        : ParameterPattern().Match(message) is { Success: true } m ? m.Groups[1].Value
        : "request";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    /// <summary>Minimal APIs name the parameter as: parameter "Type name".</summary>
    [GeneratedRegex("parameter \"[^\"]*?(\\w+)\"")]
    private static partial Regex ParameterPattern();
}
