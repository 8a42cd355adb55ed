using Recommender.ConsoleSample.Cli;
using Recommender.ConsoleSample.Commands;

// recommender [evaluate | split | demo] [options]; with no arguments, the demo. Bad input: one line on stderr, exit 2.
return ConsoleApp.Run(args, Console.Out, Console.Error, new Dictionary<string, Func<string[], TextWriter, int>>
{
    ["evaluate"] = EvaluateCommand.Run,
    ["split"] = SplitCommand.Run,
    ["demo"] = DemoCommand.Run,
});
