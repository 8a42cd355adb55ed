using System.Globalization;
using Recommender.ConsoleSample.Cli;
using Recommender.ConsoleSample.Commands;
using Recommender.Evaluation;
using Recommender.Training;

namespace Recommender.ConsoleSample.Demo;

/// <summary>Everything the demo found, and how it is printed after the progress bar.</summary>
public sealed record DemoOutcome(
    DemoData Data,
    DataSplit Split,
    TaskResult Recommend,
    TaskResult Rank,
    TaskResult Feed,
    TrainingRunResult Run,
    IReadOnlyDictionary<string, string>? Parameters,
    Dictionary<string, List<double>> Losses,
    IReadOnlyList<UserFeeds> Feeds,
    IReadOnlyList<string> ReportFiles,
    IReadOnlyList<string> Exported)
{
    /// <summary>The evaluation tables, the training, the feeds, the report's files and where to go next.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="run">How the user runs this program, for the next steps (<see cref="Cli.Invocation"/>).</param>
    /// <param name="nextReport">Suggest --report (it was not given).</param>
    /// <param name="nextPostgres">Suggest --postgres (it was not given).</param>
    public void Write(TextWriter output, string run, bool nextReport, bool nextPostgres)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Evaluation (the protocol): train on the first {1 - DemoEvaluation.TestFraction:P0} of engagements by time, test on the latest {DemoEvaluation.TestFraction:P0} ({Split.Train.Count:N0} / {Split.Test.Count:N0} rows).").Replace(" %", "%", StringComparison.Ordinal));
        foreach (var result in new[] { Recommend, Rank, Feed })
        {
            output.WriteLine();
            ResultTable.WriteContext(output, result.Report);
            ResultTable.Write(output, result.Report);
            output.WriteLine(DemoEvaluation.Verdict(result.Report));
        }

        output.WriteLine();
        output.WriteLine($"Training through services.AddRecommender() on all {Data.Engagements.Count.ToString("N0", CultureInfo.InvariantCulture)} engagements: {TrainingDetails()}");

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Feeds at {Data.End:yyyy-MM-dd HH:mm}Z (the end of the data): the model next to the heuristic that the same host serves with the flag mlRecommendations off."));
        output.WriteLine("* = a topic the user likes, ^ = an author they follow; the line under a post is the model's explanation.");
        FeedComparison.Write(output, Data, Feeds);

        if (ReportFiles.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Report: {string.Join(", ", ReportFiles)}");
        }

        output.WriteLine();
        output.WriteLine("Next:");
        var (interactions, posts) = Exported.Count > 0 ? (Exported[0], Exported[1]) : ("data/interactions.csv", "data/posts.csv");
        var user = Feeds.Count > 0 ? Feeds[0].UserId : "ID";
        if (Exported.Count == 0)
        {
            output.WriteLine("  # write this demo's data as the protocol's CSV files (or bring your own, or MovieLens)");
            output.WriteLine($"  {run} --export data/");
        }

        output.WriteLine("  # evaluate every model on it: split by time, then the protocol's rank task");
        output.WriteLine($"  {run} split --input {interactions} --method time --out split/");
        output.WriteLine($"  {run} evaluate --train split/train.csv --test split/test.csv --posts {posts} --task rank");
        output.WriteLine($"  {run} evaluate --train split/train.csv --test split/test.csv --posts {posts} --task feed --step 86400 --updates realtime");
        output.WriteLine("  # train a model file, then read a user's feed from it");
        output.WriteLine($"  {run} train --interactions {interactions} --posts {posts} --out model.bin");
        output.WriteLine($"  {run} recommend --model model.bin --user {user} --posts {posts}");
        if (nextReport)
        {
            output.WriteLine("  # this demo with charts (report/evaluation.png, report/training-loss.png)");
            output.WriteLine($"  {run} --report report/");
        }

        if (nextPostgres)
        {
            output.WriteLine("  # the same against PostgreSQL: fill the sample tables, train and serve from the database");
            output.WriteLine($"  {run} --postgres {PostgresSettings.Example} --create-sample");
        }
    }

    private string TrainingDetails()
    {
        var run = Run;
        var text = run.Outcome == TrainingOutcome.Activated
            ? "the model passed the quality gate and was activated."
            : $"the model was rejected by the quality gate ({run.Error?.TrimEnd('.')}); the model active before keeps serving (the heuristic when there is none).";
        if (run.Metrics.TryGetValue("evaluated", out var evaluated) && evaluated > 0
            && run.Metrics.TryGetValue("ndcg@10", out var ndcg) && run.Metrics.TryGetValue("heuristic.ndcg@10", out var heuristic)
            && double.IsFinite(ndcg) && double.IsFinite(heuristic))
        {
            text += string.Create(CultureInfo.InvariantCulture, $" Gate (a model trained the same way, rank task on the latest 10% held out): ndcg@10 {ndcg:F4} vs the heuristic's {heuristic:F4}")
                + (run.Metrics.TryGetValue("active.ndcg@10", out var active) && double.IsFinite(active) ? string.Create(CultureInfo.InvariantCulture, $" and the active model's {active:F4}.") : ".");
        }
        else if (run.Metrics.TryGetValue("evaluated", out evaluated) && evaluated == 0)
        {
            text += " No gate figures: too few engagements to hold some out for the check.";
        }

        if (Losses.TryGetValue("collaborative", out var loss) && loss.Count > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" NMF: {loss.Count} iterations, objective {loss[0]:N0} -> {loss[^1]:N0}.");
        }

        if (Parameters is { } p && p.TryGetValue("blend", out var blend))
        {
            var note = p.GetValueOrDefault("blend_note", string.Empty);
            text += $" Blend of signals: {blend}" + (note.Length > 0 && note != blend ? $" ({note})." : ".");
        }

        return text;
    }

    /// <summary>How the report's loss chart names a training stage.</summary>
    public static string LossName(string stage) => stage switch
    {
        "collaborative" => "final model (all engagements)",
        "blend: collaborative" => "model for fitting the blend (earlier engagements)",
        _ => stage,
    };
}
