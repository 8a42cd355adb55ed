using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// The parser's errors as one line in the console's words: "unknown option '--bogus' for 'demo' (known: ...)",
/// "option '--seed' is given twice", "'evaluate' needs --train". The options' own messages (a bad number, a missing
/// file) pass through as they are.
/// </summary>
public static class ParseErrors
{
    /// <summary>Every problem, once each, joined with "; ".</summary>
    public static string Describe(ParseResult result)
    {
        var messages = new List<string>();
        var unmatchedDone = false;
        foreach (var error in result.Errors)
        {
            switch (error.SymbolResult)
            {
                case OptionResult { IdentifierToken: null } missing:
                    messages.Add($"'{NameOf(missing.Parent as CommandResult)}' needs {missing.Option.Name}");
                    break;
                case OptionResult { IdentifierTokenCount: > 1 } twice:
                    messages.Add($"option '{twice.Option.Name}' is given twice");
                    break;
                case OptionResult { Tokens.Count: 0 } empty:
                    messages.Add($"option '{empty.Option.Name}' needs a value");
                    break;
                case CommandResult when result.UnmatchedTokens.Count > 0:
                    if (!unmatchedDone)
                    {
                        messages.AddRange(result.UnmatchedTokens.Select(t => Unmatched(result, t)));
                        unmatchedDone = true;
                    }

                    break;
                default:
                    messages.Add(error.Message);
                    break;
            }
        }

        // The options' problems first: a stray argument is often the consequence of one ("--train --test x").
        var stray = messages.Where(m => m.StartsWith("unexpected argument", StringComparison.Ordinal)).ToList();
        return string.Join("; ", messages.Except(stray).Concat(stray).Distinct(StringComparer.Ordinal));
    }

    private static string Unmatched(ParseResult result, string token)
    {
        var command = result.CommandResult.Command;
        var name = NameOf(result.CommandResult);
        if (token.StartsWith('-'))
        {
            var known = command.Options.Where(o => !o.Hidden && o is not HelpOption and not VersionOption).Select(o => o.Name);
            return $"unknown option '{token}' for '{name}' (known: {string.Join(", ", known)})";
        }

        if (command is RootCommand && result.Tokens.Count > 0 && result.Tokens[0].Value == token)
        {
            var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            return $"unknown command '{token}' (commands: {string.Join(", ", commands)}; see --help)";
        }

        return $"unexpected argument '{token}' (options look like --name value; see '{name} --help')";
    }

    /// <summary>The command's name as the user knows it: the root command is the demo.</summary>
    private static string NameOf(CommandResult? command) =>
        command is null || command.Command is RootCommand ? "demo" : command.Command.Name;
}
