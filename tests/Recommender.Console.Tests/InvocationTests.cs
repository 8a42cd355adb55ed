using Recommender.ConsoleSample.Cli;

namespace Recommender.ConsoleSample.Tests;

public sealed class InvocationTests
{
    [Fact]
    public void Detect_BinariesInTheProjectsBinFolder_FromTheCloneRoot_IsTheDotnetRunForm()
    {
        using var clone = new TempDirectory();
        var (project, binaries) = FakeBuild(clone.Path);

        Assert.Equal(Invocation.FromClone, Invocation.Detect(binaries, clone.Path));
        Assert.Equal("dotnet run -c Release --project . --", Invocation.Detect(binaries, project));
    }

    [Fact]
    public void Detect_FromOutsideTheClone_GivesTheProjectsFullPath()
    {
        using var clone = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var (project, binaries) = FakeBuild(clone.Path);

        Assert.Equal($"dotnet run -c Release --project {project} --", Invocation.Detect(binaries, elsewhere.Path));
    }

    [Fact]
    public void Detect_InstalledTool_IsTheToolsName()
    {
        using var store = new TempDirectory();
        var binaries = Directory.CreateDirectory(Path.Combine(store.Path, "recommender.console", "0.1.0", "tools", "net10.0", "any")).FullName;

        Assert.Equal("recommender", Invocation.Detect(binaries, store.Path));
    }

    private static (string Project, string Binaries) FakeBuild(string root)
    {
        var project = Directory.CreateDirectory(Path.Combine(root, "samples", "Recommender.Console")).FullName;
        File.WriteAllText(Path.Combine(project, "Recommender.Console.csproj"), "<Project />");
        var binaries = Directory.CreateDirectory(Path.Combine(project, "bin", "Release", "net10.0")).FullName;
        return (project, binaries);
    }
}
