using Cronos;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <see cref="TrainingOptions.Schedule"/> parsed: a cron expression (5 fields, or 6 with seconds) in the time zone
/// <see cref="TrainingOptions.TimeZone"/>. Occurrences follow the zone's daylight-saving rules as Cronos does: a time
/// skipped by the spring change runs at the change, a time repeated in autumn runs once.
/// </summary>
internal sealed class TrainingSchedule
{
    private readonly CronExpression _cron;

    private TrainingSchedule(string expression, CronExpression cron, TimeZoneInfo zone)
    {
        Expression = expression;
        _cron = cron;
        Zone = zone;
    }

    public string Expression { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>The schedule of <paramref name="options"/>, or null when it is empty (no scheduled training).</summary>
    /// <exception cref="ArgumentException">The expression or the time zone is invalid (validation at start reports both).</exception>
    public static TrainingSchedule? From(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Schedule))
        {
            return null;
        }

        if (!ValidateRecommenderOptions.TryParseSchedule(options.Schedule, out var cron) || cron is null)
        {
            throw new ArgumentException($"Training:Schedule '{options.Schedule}' is not a valid cron expression.", nameof(options));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
        {
            throw new ArgumentException($"Training:TimeZone '{options.TimeZone}' is not a known time zone.", nameof(options));
        }

        return new TrainingSchedule(options.Schedule.Trim(), cron, zone);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _cron.GetNextOccurrence(after, Zone);
}
