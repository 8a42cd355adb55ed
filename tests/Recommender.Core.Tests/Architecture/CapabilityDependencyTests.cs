using Recommender.Data;

namespace Recommender.Core.Tests.Architecture;

/// <summary>
/// Issue 15: the capability folders of Core (the namespaces <c>Recommender.Data</c>, <c>.Features</c>, ...) depend
/// on each other without a cycle, so that each can be read, tested and changed from the ones below it. The
/// dependencies are read from the compiled assembly (<see cref="TypeReferences"/>). The root namespace
/// <c>Recommender</c> is not a capability: it holds the shared helpers (Internal/, Telemetry/) that every folder uses
/// and <see cref="RecommenderOptions"/>, which gathers every capability's options.
/// </summary>
public sealed class CapabilityDependencyTests
{
    private static readonly Lazy<Dictionary<(string From, string To), (string FromType, string ToType)>> Edges = new(ReadEdges);

    [Fact]
    public void CapabilityFolders_DependOnEachOtherWithoutACycle()
    {
        var cycles = Cycles(Edges.Value.Keys);

        Assert.True(cycles.Count == 0, "Capability folders depend on each other in a cycle:\n" + string.Join("\n", cycles.Select(Describe)));
    }

    [Fact]
    public void Dependencies_AreReadFromSignaturesAndMethodBodies()
    {
        var edges = Edges.Value;

        // A signature (HybridRanker's constructor takes the model's feature store's types), a method body only
        // (InteractionMatrix.Build news up an InteractionMatrixBuilder: same folder, not an edge), and a field.
        Assert.Contains(("Serving", "Ranking"), edges.Keys);
        Assert.Contains(("Features", "Data"), edges.Keys);
        Assert.Contains(("Collaborative", "Serialization"), edges.Keys);
        Assert.DoesNotContain(edges.Keys, e => e.From == e.To);
        Assert.DoesNotContain(edges.Keys, e => e.From == "Data");
    }

    private static Dictionary<(string, string), (string, string)> ReadEdges()
    {
        var edges = new Dictionary<(string, string), (string, string)>();
        foreach (var (type, used) in TypeReferences.Of(typeof(Engagement).Assembly))
        {
            if (Capability(type) is not { } from)
            {
                continue;
            }

            foreach (var other in used.Order(StringComparer.Ordinal))
            {
                if (Capability(other) is { } to && to != from)
                {
                    edges.TryAdd((from, to), (type, other));
                }
            }
        }

        return edges;
    }

    /// <summary>"Data" for Recommender.Data and Recommender.Data.Files types; null outside the capability folders.</summary>
    private static string? Capability(string typeName)
    {
        const string Prefix = "Recommender.";
        var lastDot = typeName.LastIndexOf('.');
        if (!typeName.StartsWith(Prefix, StringComparison.Ordinal) || lastDot < Prefix.Length)
        {
            return null;
        }

        var ns = typeName[Prefix.Length..lastDot];
        var dot = ns.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ns : ns[..dot];
    }

    /// <summary>The strongly connected components of more than one folder (Tarjan), each as its folders in order.</summary>
    private static List<List<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            next.TryAdd(to, []);
            if (!next.TryGetValue(from, out var list))
            {
                next[from] = list = [];
            }

            list.Add(to);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next[v])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    components.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var v in next.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return components;
    }

    private static string Describe(List<string> component)
    {
        var inside = Edges.Value.Where(e => component.Contains(e.Key.From) && component.Contains(e.Key.To))
            .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
            .Select(e => $"  {e.Key.From} -> {e.Key.To} (for example {e.Value.FromType} uses {e.Value.ToType})");
        return $"{string.Join(", ", component)}:\n{string.Join("\n", inside)}";
    }
}
