using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Recommender.WebApi.Validation;

/// <summary>
/// Turns request errors that surface as exceptions into RFC 7807 problem details naming the field, in the words of
/// the JSON rather than .NET's: a value of the wrong type ("count must be a whole number"), a field the request does
/// not have ("foo is not a field of this request; its fields are userId, count, limit, exclude"), malformed JSON (where
/// it broke), a missing body ("body"), an unparsable route or query value ("onDemand must be true or false"), and the
/// SDK's <see cref="ArgumentException"/>s (its parameter name). Other exceptions are left to the default handler (500).
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, field, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException error } bad => Json(httpContext, bad.StatusCode, error),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status400BadRequest => Parameter(httpContext, bad.Message),
            BadHttpRequestException bad => (bad.StatusCode, null, JsonTerms.WithoutTypeNames(bad.Message)),
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

    /// <summary>The request type the endpoint reads from the body (from its metadata), or null.</summary>
    private static Type? BodyType(HttpContext context) =>
        (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint())?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    private (int, string?, string) Json(HttpContext context, int status, JsonException error)
    {
        var options = json.Value.SerializerOptions;
        var body = BodyType(context);
        var field = JsonTerms.FieldOf(error.Path);

        // A field the contract does not have (UnmappedMemberHandling.Disallow).
        if (UnmappedMember().Match(error.Message) is { Success: true } unmapped)
        {
            // The path names the unknown member ("$.exclude.tagz"); its object is the path without it.
            var name = unmapped.Groups[1].Value;
            var path = error.Path ?? "$";
            var objectPath = path.EndsWith("." + name, StringComparison.Ordinal) ? path[..^(name.Length + 1)]
                : path.EndsWith($"['{name}']", StringComparison.Ordinal) ? path[..^(name.Length + 4)]
                : path;
            var parent = JsonTerms.FieldOf(objectPath);
            var unknown = parent == "body" ? name : $"{parent}.{name}";
            var fields = body is not null && JsonTerms.TypeAt(body, objectPath, options) is { } objectType ? JsonTerms.FieldsOf(objectType, options) : [];
            return (status, unknown, fields.Count == 0
                ? $"{unknown} is not a field of this request."
                : $"{unknown} is not a field of this request; the fields {(parent == "body" ? "are" : $"of {parent} are")} {string.Join(", ", fields)}.");
        }

        // A value of the wrong type: say what the field takes.
        if (error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && body is not null
            && JsonTerms.TypeAt(body, error.Path, options) is { } expected)
        {
            var takes = JsonTerms.Describe(expected, options);
            return (status, field, field == "body" ? $"The body must be {takes}." : $"{field} must be {takes}.");
        }

        // Malformed JSON: where it broke, without the serializer's type names.
        var where = error.LineNumber is { } line ? $" (line {line + 1}, byte {error.BytePositionInLine})" : string.Empty;
        return (status, field, $"The request body is not valid JSON{where}: {JsonTerms.WithoutTypeNames(FirstSentence(error.Message))}");
    }

    /// <summary>A missing body, or a route or query value that does not parse ('Failed to bind parameter "bool onDemand" from "yes"').</summary>
    private (int, string?, string) Parameter(HttpContext context, string message)
    {
        if (message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            var body = BodyType(context);
            var takes = body is null ? "a JSON object" : JsonTerms.Describe(body, json.Value.SerializerOptions).Replace("an object", "a JSON object", StringComparison.Ordinal);
            return (StatusCodes.Status400BadRequest, "body", $"The request needs a body: {takes}.");
        }

        if (BindFailure().Match(message) is { Success: true } bind)
        {
            var (type, name, value) = (bind.Groups["type"].Value, bind.Groups["name"].Value, bind.Groups["value"].Value);
            var takes = type switch
            {
                "bool" or "bool?" => "true or false",
                "int" or "int?" or "long" or "long?" => "a whole number",
                "double" or "double?" => "a number",
                _ => "a valid value",
            };
            return (StatusCodes.Status400BadRequest, name, $"{name} must be {takes}, was '{value}'.");
        }

        return (StatusCodes.Status400BadRequest, ParameterPattern().Match(message) is { Success: true } m ? m.Groups[1].Value : "request", JsonTerms.WithoutTypeNames(message));
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (end < 0)
        {
            end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return end > 0 ? message[..end] : message;
    }

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("Failed to bind parameter \"(?<type>[^\" ]+) (?<name>\\w+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex BindFailure();

    /// <summary>Minimal APIs name the parameter as: parameter "Type name".</summary>
    [GeneratedRegex("parameter \"[^\"]*?(\\w+)\"")]
    private static partial Regex ParameterPattern();
}
