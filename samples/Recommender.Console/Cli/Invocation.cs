namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// How the user runs this program, so that --help, the demo's next steps and error hints show commands that work as
/// typed: <c>recommender</c> when installed as a .NET tool (<see cref="Tool"/>), or, run from a clone of the
/// repository (<c>dotnet run</c>), <c>dotnet run -c Release --project samples/Recommender.Console --</c> with the
/// project's path relative to the current folder.
/// </summary>
public static class Invocation
{
    /// <summary>The tool's command name (ToolCommandName in the project file).</summary>
    public const string Tool = "recommender";

    /// <summary>The form for a clone, from its root folder.</summary>
    public const string FromClone = "dotnet run -c Release --project samples/Recommender.Console --";

    /// <summary>
    /// The form for this process: the clone form when the binaries sit in the project's bin/CONFIGURATION/TFM folder
    /// (which is where <c>dotnet run</c> and <c>dotnet build</c> put them), else the tool's name.
    /// </summary>
    public static string Detect() => Detect(AppContext.BaseDirectory, Environment.CurrentDirectory);

    /// <summary><see cref="Detect()"/> for binaries in <paramref name="baseDirectory"/>, run from <paramref name="currentDirectory"/>.</summary>
    public static string Detect(string baseDirectory, string currentDirectory)
    {
        var project = Path.GetFullPath(Path.Combine(baseDirectory, "..", "..", ".."));
        if (!File.Exists(Path.Combine(project, "Recommender.Console.csproj")))
        {
            return Tool;
        }

        // Relative from inside the clone (samples/Recommender.Console from its root), absolute from elsewhere.
        var relative = Path.GetRelativePath(currentDirectory, project);
        if (relative.StartsWith("..", StringComparison.Ordinal))
        {
            relative = project;
        }

        if (relative.Contains(' ', StringComparison.Ordinal))
        {
            relative = $"\"{relative}\"";
        }

        return $"dotnet run -c Release --project {relative} --";
    }
}
