using Recommender.ConsoleSample.Cli;

// recommender [demo | evaluate | split | train | recommend] [options]; with no command, the demo.
// Bad input: one line on stderr, exit 2. Ctrl+C stops the command (exit 130).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await ConsoleApp.RunAsync(args, Console.Out, Console.Error, Invocation.Detect(), cancel.Token);
