using System.Globalization;

namespace Recommender.Training;

/// <summary>The texts stores record for training runs.</summary>
internal static class TrainingRunText
{
    /// <summary>The error of a run marked <see cref="TrainingOutcome.Abandoned"/>.</summary>
    public static string Abandoned(DateTimeOffset lastHeartbeat, TimeSpan lease) => string.Create(
        CultureInfo.InvariantCulture,
        $"Abandoned: no heartbeat since {lastHeartbeat.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z for longer than the {lease.TotalSeconds:0.#} s lease; the process running it stopped before it finished.");
}
