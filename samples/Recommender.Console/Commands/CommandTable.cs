using System.CommandLine;
using Recommender.ConsoleSample.Cli;

namespace Recommender.ConsoleSample.Commands;

/// <summary>The command line: the demo at the root (it runs with no command) and the commands beneath it.</summary>
public static class CommandTable
{
    /// <summary>The root command; <paramref name="run"/> is how the user runs this program (<see cref="Invocation"/>).</summary>
    public static RootCommand Create(string run)
    {
        var root = new RootCommand(HelpText.Root) { HelpName = run };
        DemoCommand.Configure(root, run);
        var demo = new Command("demo", HelpText.Demo);
        DemoCommand.Configure(demo, run);
        root.Subcommands.Add(demo);
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(SplitCommand.Create());
        root.Subcommands.Add(TrainCommand.Create(run));
        root.Subcommands.Add(RecommendCommand.Create(run));

        // "recommender help" as before: the overview.
        var help = new Command("help", "the overview (as --help)") { Hidden = true };
        help.SetAction(parsed => root.Parse(["--help"]).Invoke(parsed.InvocationConfiguration));
        root.Subcommands.Add(help);
        HelpText.Use(root, run);
        return root;
    }
}
