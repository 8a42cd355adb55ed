using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Extensions.DI.Tests.Documentation;

/// <summary>
/// The C# code of the documentation is the code of samples/Recommender.Snippets, which .ci/packed-host builds and runs
/// against the packed packages: every C# block of README.md, docs/*.md and the readmes under src/ and samples/ is
/// marked <c>&lt;!-- snippet: NAME --&gt;</c> and is, verbatim, that project's region NAME (the pieces between
/// <c>// &lt;snippet:NAME&gt;</c> and <c>// &lt;/snippet:NAME&gt;</c>, each without its common indentation, joined by
/// a blank line). So a README cannot drift from code that compiles and runs.
/// </summary>
public sealed partial class DocumentationSnippetsTests
{
    private static readonly string Root = FindRoot();
    private static readonly string SnippetsProject = Path.Combine(Root, "samples", "Recommender.Snippets");

    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in DocumentationFiles())
        {
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void CSharpBlocks_AreTheSnippetsProjectsRegions_Verbatim(string file)
    {
        var regions = Regions();
        var problems = new List<string>();
        foreach (var block in CSharpBlocks(File.ReadAllText(Path.Combine(Root, file))))
        {
            if (block.Name is null)
            {
                problems.Add($"{file}:{block.Line}: a C# block without a '<!-- snippet: NAME -->' line above it (put the code in samples/Recommender.Snippets between // <snippet:NAME> and // </snippet:NAME>)");
            }
            else if (!regions.TryGetValue(block.Name, out var region))
            {
                problems.Add($"{file}:{block.Line}: snippet '{block.Name}' is not a region of samples/Recommender.Snippets");
            }
            else if (region != block.Code)
            {
                problems.Add($"{file}:{block.Line}: snippet '{block.Name}' differs from samples/Recommender.Snippets at line {FirstDifference(region, block.Code)}:\n--- the project's region\n{region}\n--- the Markdown block\n{block.Code}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void Readme_ShowsTheEmbeddingSnippets()
    {
        var names = CSharpBlocks(File.ReadAllText(Path.Combine(Root, "README.md"))).Select(b => b.Name).ToList();

        Assert.Equal(["data", "di", "train-and-wait", "no-di", "pieces"], names);
    }

    [Fact]
    public void EveryRegion_IsShownSomewhere()
    {
        var shown = DocumentationFiles().SelectMany(f => CSharpBlocks(File.ReadAllText(f))).Select(b => b.Name).ToHashSet();

        var unshown = Regions().Keys.Where(name => !shown.Contains(name)).ToList();

        Assert.True(unshown.Count == 0, $"regions of samples/Recommender.Snippets no Markdown shows: {string.Join(", ", unshown)}");
    }

    [Fact]
    public void Regions_AreClosed()
    {
        foreach (var file in SnippetFiles())
        {
            var open = new Stack<string>();
            foreach (var line in File.ReadLines(file))
            {
                var match = MarkerPattern().Match(line);
                if (!match.Success)
                {
                    continue;
                }

                if (match.Groups["end"].Success)
                {
                    Assert.True(open.TryPop(out var name) && name == match.Groups["name"].Value, $"{file}: '{line.Trim()}' closes no open region");
                }
                else
                {
                    open.Push(match.Groups["name"].Value);
                }
            }

            Assert.True(open.Count == 0, $"{file}: region '{string.Join(", ", open)}' is never closed");
        }
    }

    [Fact]
    public void CSharpBlocks_FindsMarkedAndUnmarkedBlocks()
    {
        const string Markdown = "text\n<!-- snippet: a -->\n```csharp\nvar x = 1;\n\nx++;\n```\n\n```cs\nnone\n```\n```bash\nls\n```\n";

        var blocks = CSharpBlocks(Markdown);

        Assert.Equal(2, blocks.Count);
        Assert.Equal(("a", "var x = 1;\n\nx++;", 3), (blocks[0].Name, blocks[0].Code, blocks[0].Line));
        Assert.Equal((null, "none", 9), (blocks[1].Name, blocks[1].Code, blocks[1].Line));
    }

    [Fact]
    public void Region_DropsCommonIndentation_AndJoinsPiecesWithABlankLine()
    {
        const string Source = "// <snippet:s>\nusing A;\n// </snippet:s>\nclass C\n{\n    void M()\n    {\n        // <snippet:s>\n        if (x)\n            y();\n        // </snippet:s>\n    }\n}\n";

        Assert.Equal("using A;\n\nif (x)\n    y();", RegionsOf(Source)["s"]);
    }

    private static IEnumerable<string> DocumentationFiles()
    {
        yield return Path.Combine(Root, "README.md");
        foreach (var folder in new[] { "docs" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, folder), "*.md").Order(StringComparer.Ordinal))
            {
                yield return file;
            }
        }

        foreach (var folder in new[] { "src", "samples" })
        {
            foreach (var project in Directory.EnumerateDirectories(Path.Combine(Root, folder)).Order(StringComparer.Ordinal))
            {
                var readme = Path.Combine(project, "README.md");
                if (File.Exists(readme))
                {
                    yield return readme;
                }
            }
        }
    }

    private static IEnumerable<string> SnippetFiles() =>
        Directory.EnumerateFiles(SnippetsProject, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static Dictionary<string, string> Regions()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in SnippetFiles())
        {
            foreach (var (name, code) in RegionsOf(File.ReadAllText(file)))
            {
                Assert.True(all.TryAdd(name, code), $"snippet '{name}' is defined in more than one file ({file})");
            }
        }

        return all;
    }

    private static Dictionary<string, string> RegionsOf(string source)
    {
        var pieces = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lines = Normalize(source).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = MarkerPattern().Match(lines[i]);
            if (!start.Success || start.Groups["end"].Success)
            {
                continue;
            }

            var name = start.Groups["name"].Value;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != $"// </snippet:{name}>"; i++)
            {
                body.Add(lines[i]);
            }

            var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            var piece = string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
            if (!pieces.TryGetValue(name, out var list))
            {
                pieces[name] = list = [];
            }

            list.Add(piece);
        }

        return pieces.ToDictionary(p => p.Key, p => string.Join("\n\n", p.Value), StringComparer.Ordinal);
    }

    private static List<(string? Name, string Code, int Line)> CSharpBlocks(string markdown)
    {
        var blocks = new List<(string?, string, int)>();
        var lines = Normalize(markdown).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = fence[3..].Trim();
            var indent = lines[i].Length - fence.Length;
            var start = i + 1;
            var body = new StringBuilder();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                body.Append(lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart()).Append('\n');
            }

            if (language is "csharp" or "cs" or "c#" or "C#")
            {
                var marker = start >= 2 ? SnippetMarkerPattern().Match(lines[start - 2]) : Match.Empty;
                blocks.Add((marker.Success ? marker.Groups["name"].Value : null, body.ToString().TrimEnd('\n'), start));
            }
        }

        return blocks;
    }

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i + 1;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Recommender.sln above {AppContext.BaseDirectory}: these tests read the repository's Markdown and samples.");
    }

    [GeneratedRegex(@"^\s*// <(?<end>/)?snippet:(?<name>[a-z0-9-]+)>\s*$")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^\s*<!-- snippet: (?<name>[a-z0-9-]+) -->\s*$")]
    private static partial Regex SnippetMarkerPattern();
}
