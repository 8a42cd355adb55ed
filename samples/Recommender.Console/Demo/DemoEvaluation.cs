using System.Globalization;
using Recommender.Collaborative;
using Recommender.ConsoleSample.Cli;
using Recommender.ConsoleSample.Commands;
using Recommender.ConsoleSample.Reports;
using Recommender.Evaluation;

namespace Recommender.ConsoleSample.Demo;

/// <summary>One task of the evaluation protocol: the report (k = 10) and the precision/NDCG curves up to k = 20.</summary>
public sealed record TaskResult(EvaluationReport Report, IReadOnlyList<MetricCurve> Curves);

/// <summary>
/// The evaluation protocol on the demo's data: split by time (the latest 20% of engagements are test), then every
/// model (popularity, heuristic, nmf, content, hybrid) on one task (recommend, rank or feed).
/// </summary>
public static class DemoEvaluation
{
    /// <summary>The share of the latest engagements held out.</summary>
    public const double TestFraction = 0.2;

    public static DataSplit Split(DemoData data) =>
        DataSplitter.ByTime(data.Engagements, DataSplitter.CutoffFor(data.Engagements, TestFraction));

    public static Task<TaskResult> RunAsync(DemoData data, DataSplit split, EvaluationTask task, int seed, ProgressStep step, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                var evaluation = new EvaluationData(split.Train, split.Test) { Posts = data.Posts, Users = data.Users, Follows = data.Follows };
                var recorder = new CurveRecorder(evaluation, task, maxK: 20, step);
                var created = EvaluateCommand.CreateModels(EvaluateCommand.DefaultModels, new NmfOptions { Seed = seed });

                // The feed task's pairs are (user, window): no per-user curves.
                var models = task == EvaluationTask.Feed ? created : recorder.Wrap(created);
                var report = new OfflineEvaluator(new EvaluationOptions { Task = task }).Evaluate(evaluation, models, cancellationToken);
                step.Done(string.Create(CultureInfo.InvariantCulture, $"{report.Models.Count} models, {report.Models[0].Users} {(task == EvaluationTask.Feed ? "(user, window) pairs" : "test users")}, {report.Dataset.Posts} candidate posts"));
                return new TaskResult(report, task == EvaluationTask.Feed ? [] : recorder.Curves);
            },
            cancellationToken);

    /// <summary>One sentence: which model is best on ndcg@k, and by how much over the runner-up and the heuristic.</summary>
    public static string Verdict(EvaluationReport report)
    {
        var k = report.K;
        var ranked = report.Models.OrderByDescending(m => m.Ndcg).ThenBy(m => m.Model, StringComparer.Ordinal).ToList();
        var best = ranked[0];
        var task = report.Task switch
        {
            EvaluationTask.Rank => "Rank task (new posts, as in a feed)",
            EvaluationTask.Feed => "Feed task (replayed window by window, engagements applied in real time)",
            _ => "Recommend task (the whole catalogue)",
        };
        var sentence = string.Create(CultureInfo.InvariantCulture, $"{task}: {best.Model} is best with ndcg@{k} {best.Ndcg:F4}");
        if (ranked.Count > 1)
        {
            var next = ranked[1];
            sentence += string.Create(CultureInfo.InvariantCulture, $", {Ratio(best.Ndcg, next.Ndcg)} the runner-up ({next.Model}, {next.Ndcg:F4}; {Margin(best, next)})");
        }

        if (report.Models.FirstOrDefault(m => m.Model == "heuristic") is { } heuristic && heuristic != best && (ranked.Count < 2 || heuristic != ranked[1]))
        {
            sentence += string.Create(CultureInfo.InvariantCulture, $" and {Ratio(best.Ndcg, heuristic.Ndcg)} the heuristic ({heuristic.Ndcg:F4})");
        }

        return sentence + ".";
    }

    /// <summary>The paired bootstrap interval of the difference, and whether it tells the two apart.</summary>
    private static string Margin(ModelEvaluation best, ModelEvaluation next)
    {
        if (best.UserNdcg.Count == 0 || best.UserNdcg.Count != next.UserNdcg.Count)
        {
            return "no interval: no user scored";
        }

        var d = best.NdcgDifference(next);
        return string.Create(CultureInfo.InvariantCulture, $"difference 95% interval [{d.Lower:+0.0000;-0.0000;0}, {d.Upper:+0.0000;-0.0000;0}]")
            + (d.Lower > 0 ? string.Empty : ", not told apart");
    }

    /// <summary>"+35% over" below twice, "4.2x" up to a hundredfold, "far above" beyond (a ratio to almost nothing says little).</summary>
    private static string Ratio(double best, double other)
    {
        if (other <= 0 || best / other >= 100)
        {
            return "far above";
        }

        var ratio = best / other;
        return ratio >= 2
            ? string.Create(CultureInfo.InvariantCulture, $"{ratio:0.0}x")
            : string.Create(CultureInfo.InvariantCulture, $"+{ratio - 1:0%} over");
    }
}
