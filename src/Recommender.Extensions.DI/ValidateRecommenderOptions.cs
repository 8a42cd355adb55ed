using Cronos;
using Microsoft.Extensions.Options;
using Recommender;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Validates every option at start, naming each invalid one by its configuration path; also parses the schedule.</summary>
internal sealed class ValidateRecommenderOptions : IValidateOptions<RecommenderOptions>
{
    public ValidateOptionsResult Validate(string? name, RecommenderOptions options)
    {
        var errors = new List<string>(options.GetErrors(RecommenderOptions.SectionName + ":"));
        var schedule = options.Training?.Schedule;
        if (!string.IsNullOrWhiteSpace(schedule) && !TryParseSchedule(schedule, out _))
        {
            errors.Add($"{RecommenderOptions.SectionName}:Training:Schedule '{schedule}' is not a valid cron expression (5 fields, or 6 with seconds).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool TryParseSchedule(string schedule, out CronExpression? expression)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.TryParse(schedule, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out expression);
    }
}
