using Recommender.ConsoleSample.Cli;

namespace Recommender.ConsoleSample.Commands;

/// <summary>The commands by name (the demo also runs with no command).</summary>
public static class CommandTable
{
    public static IReadOnlyDictionary<string, Command> All { get; } = new Dictionary<string, Command>(StringComparer.Ordinal)
    {
        ["demo"] = DemoCommand.RunAsync,
        ["evaluate"] = EvaluateCommand.RunAsync,
        ["split"] = SplitCommand.RunAsync,
        ["train"] = TrainCommand.RunAsync,
        ["recommend"] = RecommendCommand.RunAsync,
    };
}
