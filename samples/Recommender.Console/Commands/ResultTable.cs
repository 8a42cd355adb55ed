using System.Globalization;
using Recommender.Evaluation;

namespace Recommender.ConsoleSample.Commands;

/// <summary>Prints an evaluation report as a text table.</summary>
public static class ResultTable
{
    public static void Write(TextWriter output, EvaluationReport report)
    {
        var k = report.K.ToString(CultureInfo.InvariantCulture);
        string[] header = ["model", $"precision@{k}", $"recall@{k}", $"ndcg@{k}", "95% interval", $"map@{k}", $"hit@{k}", "coverage", "users", "train s"];
        var rows = new List<string[]> { header };
        foreach (var m in report.Models)
        {
            // No test user to average over: a metric of nothing, shown as "-" (and said why below), never 0 or NaN.
            string M(double value) => m.Users == 0 ? "-" : F(value);
            rows.Add([
                m.Model, M(m.Precision), M(m.Recall), M(m.Ndcg), Interval(m), M(m.Map), M(m.HitRate), M(m.Coverage),
                m.Users.ToString(CultureInfo.InvariantCulture), m.TrainingTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
            ]);
        }

        var widths = new int[header.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
            if (r == 0)
            {
                output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        if (report.Models.Any(m => m.Users == 0))
        {
            output.WriteLine("-: not computed: no test user is left to score (every test row was dropped: its user is not in train, or its post is not a candidate)");
        }
    }

    /// <summary>One line on what was evaluated: the task, the data, the clock the weights decayed by.</summary>
    public static void WriteContext(TextWriter output, EvaluationReport report)
    {
        var d = report.Dataset;
        var halfLife = report.HalfLife == Timeout.InfiniteTimeSpan
            ? "no decay"
            : $"half-life {report.HalfLife.TotalDays.ToString("0.###", CultureInfo.InvariantCulture)} days";
        if (report.Step is { } step)
        {
            var windows = report.Models.Count > 0 ? report.Models[0].Windows.Count : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"task feed: {d.Users} train users, {d.Posts} candidate posts over {windows} windows of {Duration(step)} from {report.RankingTime:yyyy-MM-dd HH:mm}Z, {d.Train} train rows, {d.Test} relevant test rows"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"weights: {halfLife}; updates between windows: {(report.Updates ?? FeedUpdates.Realtime).ToString().ToLowerInvariant()}; metrics averaged over (user, window) pairs"));
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"task {report.Task.ToString().ToLowerInvariant()}: {d.Users} train users, {d.Posts} candidate posts, {d.Train} train rows, {d.Test} test rows"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"weights: {halfLife}, ages from the end of the train data ({report.ReferenceTime:yyyy-MM-dd HH:mm}Z); ranking at {report.RankingTime:yyyy-MM-dd HH:mm}Z")
            + (report.CandidatesSince is { } since ? string.Create(CultureInfo.InvariantCulture, $"; candidates created since {since:yyyy-MM-dd HH:mm}Z") : string.Empty));
    }

    private static string Duration(TimeSpan step) => step.TotalDays >= 1 && step.TotalDays % 1 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{step.TotalDays:0} day{(step.TotalDays == 1 ? string.Empty : "s")}")
        : string.Create(CultureInfo.InvariantCulture, $"{step.TotalHours:0.##} h");

    /// <summary>The bootstrap interval of ndcg@k as "[lower, upper]"; "-" when no user was scored.</summary>
    private static string Interval(ModelEvaluation m) =>
        m.Users == 0 || !double.IsFinite(m.NdcgInterval.Lower) ? "-" : $"[{F(m.NdcgInterval.Lower)}, {F(m.NdcgInterval.Upper)}]";

    /// <summary>Four decimals; "n/a" for a figure that could not be computed (never "NaN").</summary>
    private static string F(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
}
