using System.Globalization;
using ScottPlot;

namespace Recommender.ConsoleSample.Reports;

/// <summary>The curves of one evaluation task, for the report.</summary>
/// <param name="Task">"rank" or "recommend".</param>
/// <param name="Curves">One curve per model.</param>
public sealed record TaskCurves(string Task, IReadOnlyList<MetricCurve> Curves);

/// <summary>The NMF objective after each iteration of one training.</summary>
/// <param name="Name">What was trained, e.g. "final model".</param>
/// <param name="Loss">The objective after iteration 1, 2, ...</param>
public sealed record LossSeries(string Name, IReadOnlyList<double> Loss);

/// <summary>
/// Writes the evaluation report a person can look at: <c>evaluation.png</c> (precision@k and NDCG@k per model, one
/// row per task), <c>training-loss.png</c> (NMF objective by iteration) and <c>curves.csv</c> (the numbers behind the
/// charts). Rendered with ScottPlot (SkiaSharp), headless.
/// </summary>
public static class ReportImages
{
    private const int PanelWidth = 720;
    private const int PanelHeight = 420;

    /// <summary>Writes the files into <paramref name="directory"/> (created when missing); returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<TaskCurves> tasks, IReadOnlyList<LossSeries> losses)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        if (tasks.Count > 0)
        {
            var path = Path.Combine(directory, "evaluation.png");
            WriteEvaluation(path, tasks);
            written.Add(path);
            path = Path.Combine(directory, "curves.csv");
            WriteCsv(path, tasks);
            written.Add(path);
        }

        if (losses.Any(l => l.Loss.Count > 0))
        {
            var path = Path.Combine(directory, "training-loss.png");
            WriteLoss(path, losses);
            written.Add(path);
        }

        return written;
    }

    private static void WriteEvaluation(string path, IReadOnlyList<TaskCurves> tasks)
    {
        var models = tasks.SelectMany(t => t.Curves.Select(c => c.Model)).Distinct(StringComparer.Ordinal).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var plots = new List<Plot>();
        foreach (var task in tasks)
        {
            plots.Add(CurvePlot($"{task.Task} task: precision@k", "precision@k", task.Curves, c => c.Precision, models, palette));
            plots.Add(CurvePlot($"{task.Task} task: NDCG@k", "NDCG@k", task.Curves, c => c.Ndcg, models, palette));
        }

        var multiplot = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1))
        {
            multiplot.AddPlot(plot);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(tasks.Count, 2);
        multiplot.SavePng(path, 2 * PanelWidth, tasks.Count * PanelHeight);
    }

    private static Plot CurvePlot(string title, string yLabel, IReadOnlyList<MetricCurve> curves, Func<MetricCurve, double[]> values, List<string> models, ScottPlot.Palettes.Category10 palette)
    {
        var plot = new Plot();
        var top = 0.0;
        foreach (var curve in curves)
        {
            var ys = values(curve);
            var xs = Enumerable.Range(1, ys.Length).Select(k => (double)k).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = curve.Model;
            line.Color = palette.GetColor(models.IndexOf(curve.Model));
            line.LineWidth = curve.Model.StartsWith("hybrid", StringComparison.Ordinal) ? 3 : 1.5f;
            line.MarkerSize = 4;
            top = Math.Max(top, ys.Max());
        }

        plot.Font.Set(Fonts.Sans);
        plot.Title(title);
        plot.XLabel("k (length of the feed looked at)");
        plot.YLabel(yLabel);
        plot.Axes.SetLimits(0.5, (curves.Count > 0 ? curves[0].MaxK : 1) + 0.5, 0, top > 0 ? top * 1.08 : 1);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static void WriteLoss(string path, IReadOnlyList<LossSeries> losses)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var series in losses.Where(l => l.Loss.Count > 0))
        {
            var xs = Enumerable.Range(1, series.Loss.Count).Select(k => (double)k).ToArray();
            var line = plot.Add.Scatter(xs, series.Loss.ToArray());
            line.LegendText = series.Name;
            line.Color = palette.GetColor(i++);
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }

        plot.Font.Set(Fonts.Sans);
        plot.Title("NMF training: objective by iteration (lower is better)");
        plot.XLabel("iteration");
        plot.YLabel("objective");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 500);
    }

    private static void WriteCsv(string path, IReadOnlyList<TaskCurves> tasks)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("task,model,k,precision,ndcg,users");
        foreach (var task in tasks)
        {
            foreach (var curve in task.Curves)
            {
                for (var k = 1; k <= curve.MaxK; k++)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{task.Task},{curve.Model},{k},{curve.Precision[k - 1]:F6},{curve.Ndcg[k - 1]:F6},{curve.Users}"));
                }
            }
        }
    }
}
