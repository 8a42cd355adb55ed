using System.Globalization;
using Spectre.Console;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// Shows the long steps of a command: a live progress bar (Spectre.Console) on an interactive terminal, then one
/// line per step saying what came out of it; everywhere else (pipes, files, CI, tests) only those lines, written as
/// each step finishes, so that redirected output stays readable.
/// </summary>
public abstract class ProgressDisplay
{
    /// <summary>A live bar when <paramref name="output"/> is the terminal and it can redraw; plain lines otherwise.</summary>
    public static ProgressDisplay For(TextWriter output)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi)
            {
                return new LiveDisplay(console, output);
            }
        }

        return new PlainDisplay(output);
    }

    /// <summary>Runs <paramref name="body"/>, which starts steps with <see cref="IProgressSteps.Start"/> and reports on them.</summary>
    public abstract Task<T> RunAsync<T>(Func<IProgressSteps, Task<T>> body);

    private sealed class PlainDisplay(TextWriter output) : ProgressDisplay, IProgressSteps
    {
        public override Task<T> RunAsync<T>(Func<IProgressSteps, Task<T>> body) => body(this);

        public ProgressStep Start(string name) => new PlainStep(output, name);
    }

    /// <summary>The line that says what a step produced and how long it took.</summary>
    private static string SummaryLine(string name, string summary, long started) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name}: {summary} [{TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s]");

    private sealed class PlainStep(TextWriter output, string name) : ProgressStep
    {
        private readonly long _started = TimeProvider.System.GetTimestamp();

        public override void Report(double fraction, string? detail = null)
        {
        }

        public override void Done(string summary) => output.WriteLine(SummaryLine(name, summary, _started));
    }

    /// <summary>Short step names and details keep a bar on one line of an 80-column terminal; the summaries come after.</summary>
    private sealed class LiveDisplay(IAnsiConsole console, TextWriter output) : ProgressDisplay
    {
        public override async Task<T> RunAsync<T>(Func<IProgressSteps, Task<T>> body)
        {
            var summaries = new List<string>();
            var result = await console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(ctx => body(new LiveSteps(ctx, summaries)));
            foreach (var line in summaries)
            {
                await output.WriteLineAsync(line);
            }

            return result;
        }
    }

    private sealed class LiveSteps(ProgressContext context, List<string> summaries) : IProgressSteps
    {
        public ProgressStep Start(string name) => new LiveStep(context.AddTask(Markup.Escape(name), maxValue: 1.0), name, summaries);
    }

    private sealed class LiveStep(ProgressTask task, string name, List<string> summaries) : ProgressStep
    {
        private readonly long _started = TimeProvider.System.GetTimestamp();

        public override void Report(double fraction, string? detail = null)
        {
            task.Value = Math.Clamp(fraction, 0, 1);
            task.Description = detail is null ? Markup.Escape(name) : $"{Markup.Escape(name)} [grey]{Markup.Escape(detail)}[/]";
        }

        public override void Done(string summary)
        {
            lock (summaries)
            {
                summaries.Add(SummaryLine(name, summary, _started));
            }

            task.Description = $"[green]{Markup.Escape(name)}[/]";
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}

/// <summary>Starts the steps of a <see cref="ProgressDisplay"/>.</summary>
public interface IProgressSteps
{
    /// <summary>Starts a step; report on it, then call <see cref="ProgressStep.Done"/>.</summary>
    ProgressStep Start(string name);
}

/// <summary>One long step. Thread-safe: training reports from its own thread.</summary>
public abstract class ProgressStep
{
    /// <summary>How far the step is (0 to 1), and what it is doing now.</summary>
    public abstract void Report(double fraction, string? detail = null);

    /// <summary>The step finished; <paramref name="summary"/> says what came out of it (one short line).</summary>
    public abstract void Done(string summary);
}
