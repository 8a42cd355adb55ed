using Microsoft.Extensions.Options;

namespace Recommender.Postgres.DependencyInjection;

/// <summary>Validates <see cref="PostgresRecommenderOptions"/> in the container, listing every error.</summary>
internal sealed class PostgresRecommenderOptionsValidator : IValidateOptions<PostgresRecommenderOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresRecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.CollectErrors(errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
