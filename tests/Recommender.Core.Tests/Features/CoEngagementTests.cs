using Recommender.Collaborative;
using Recommender.Core.Tests.Serialization;
using Recommender.Data;
using Recommender.Features;
using Recommender.Ranking;
using Recommender.Serialization;
using static Recommender.Core.Tests.Features.FeatureFixtures;

namespace Recommender.Core.Tests.Features;

public class CoEngagementTests
{
    private const float Tolerance = 1e-5f;

    // Users (pairs sorted by user, then post): A likes p0 p1; B likes p0 p1 p2; C likes p2 p3; D hid p0.
    private static readonly int[] PairPtr = [0, 2, 5, 7, 8];
    private static readonly int[] PairPosts = [0, 1, 0, 1, 2, 2, 3, 0];
    private static readonly float[] PairWeights = [1, 1, 1, 1, 1, 1, 1, -10];

    private static CoEngagementGraph Graph(int neighbours = 50, float beta = 0f) =>
        CoEngagementGraph.Build(4, 5, PairPtr, PairPosts, PairWeights, PairWeights, neighbours, beta);

    private static (int[] Idx, float[] W) Row(CoEngagementGraph graph, int post) => (graph.Neighbours(post).ToArray(), graph.Weights(post).ToArray());

    [Fact]
    public void Build_WeighsTheThreeStepWalk_ByHand()
    {
        var graph = Graph();

        // p0 -> A (1/2) -> p1 (1/2) and p0 -> B (1/2) -> p1 or p2 (1/3 each); D's hide does not walk.
        var (idx, w) = Row(graph, 0);
        Assert.Equal([1, 2], idx);
        Assert.Equal((0.25f + (1f / 6)), w[0], Tolerance);
        Assert.Equal(1f / 6, w[1], Tolerance);

        // p2 -> B (1/2) -> p0, p1 (1/3 each); p2 -> C (1/2) -> p3 (1/2). Ties by post id.
        (idx, w) = Row(graph, 2);
        Assert.Equal([3, 0, 1], idx);
        Assert.Equal([0.25f, 1f / 6, 1f / 6], w);
        Assert.Empty(graph.Neighbours(4).ToArray());
        Assert.Empty(graph.History(3).ToArray());
    }

    [Fact]
    public void Build_PopularityExponent_DividesByPopularityToTheBeta()
    {
        // Popularity (positive users): p0 2, p1 2, p2 2, p3 1. With beta 1 p2's neighbours p0 and p1 halve, p3 stays.
        var (idx, w) = Row(Graph(beta: 1f), 2);
        Assert.Equal([3, 0, 1], idx);
        Assert.Equal([0.25f, 1f / 12, 1f / 12], w);
    }

    [Fact]
    public void Build_KeepsTheStrongestNeighbours_AndIsDeterministic()
    {
        var (idx, _) = Row(Graph(neighbours: 1), 2);
        Assert.Equal([3], idx);
        var a = Graph();
        var b = Graph();
        Assert.Equal(a.NeighbourIdx, b.NeighbourIdx);
        Assert.Equal(a.NeighbourWeights, b.NeighbourWeights);
        Assert.True(Graph(neighbours: 0).IsEmpty);
    }

    [Fact]
    public void Score_IsTheMeanOverTheHistory_AndLeavesTheAccumulatorClean()
    {
        var graph = Graph();
        var accumulator = new float[graph.Posts];
        var scores = new float[3];
        var present = new float[3];

        // A's history is p0, p1: p2 gets 1/6 from each, p0 gets 5/12 from p1, p3 nothing; the mean halves.
        graph.Score(graph.ScoringHistory(0), [2, 3, 0], scores, present, 1, accumulator);

        Assert.Equal([1f / 6, 0f, 5f / 24], scores.Select(s => MathF.Round(s, 5)).ToArray(), new FloatComparer(Tolerance));
        Assert.Equal([1f, 1f, 1f], present);
        Assert.All(accumulator, v => Assert.Equal(0f, v));

        graph.Score(graph.ScoringHistory(3), [2, -1], scores, present, 1, accumulator);
        Assert.Equal([0f, 0f], present.Take(2));
    }

    [Fact]
    public void ScoreFew_MatchesTheDenseScatter_AndLeavesItsTablesClean()
    {
        // A random co-engagement world: 300 users, 400 posts; candidates with repeats and unknown posts.
        var random = new Random(5);
        var ptr = new List<int> { 0 };
        var postsOf = new List<int>();
        for (var u = 0; u < 300; u++)
        {
            postsOf.AddRange(Enumerable.Range(0, 400).OrderBy(_ => random.Next()).Take(random.Next(1, 30)).Order());
            ptr.Add(postsOf.Count);
        }

        var weights = Enumerable.Repeat(1f, postsOf.Count).ToArray();
        var graph = CoEngagementGraph.Build(300, 400, [.. ptr], [.. postsOf], weights, weights, 50, 0.3f);
        int[] candidates = [.. Enumerable.Range(0, 300).Select(_ => random.Next(-1, 400))];
        var accumulator = new float[graph.Posts];
        var marks = new ulong[(graph.Posts + 63) / 64];
        var keys = Enumerable.Repeat(-1, 1024).ToArray();
        var sums = new float[1024];
        for (var user = 0; user < 300; user += 7)
        {
            var history = graph.ScoringHistory(user);
            if (history.IsEmpty)
            {
                continue;
            }

            var dense = new float[2 * candidates.Length];
            var few = new float[2 * candidates.Length];
            graph.Score(history, candidates, dense, dense.AsSpan(1), 2, accumulator);
            graph.ScoreFew(history, candidates, few, few.AsSpan(1), 2, marks, keys, sums);

            Assert.Equal(dense, few);
            Assert.All(marks, m => Assert.Equal(0UL, m));
            Assert.All(keys, k => Assert.Equal(-1, k));
            Assert.All(sums, v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Top_ReturnsTheBestPosts_AndLeavesTheAccumulatorClean()
    {
        var graph = Graph();
        var accumulator = new float[graph.Posts];
        var top = new ScoredIndex[2];

        var n = graph.Top(graph.ScoringHistory(2), top, accumulator);

        // C's history p2, p3: p3's neighbour p2 (1/2 from C alone) and p2's neighbour p3 (1/4).
        Assert.Equal(2, n);
        Assert.Equal(2, top[0].Index);
        Assert.Equal(3, top[1].Index);
        Assert.All(accumulator, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Store_YearsOldEngagements_StillCount_ThoughTheirDecayedWeightUnderflows()
    {
        // With a 7-day half-life an engagement five years old weighs 2^-260: zero as a float.
        var old = Now.AddYears(-5);
        Engagement[] engagements =
        [
            new("a", "p1", EngagementKind.Like, old), new("a", "p2", EngagementKind.Like, old),
            new("b", "p1", EngagementKind.Like, old), new("b", "p3", EngagementKind.Like, Now.AddHours(-1)),
        ];
        var store = Store(new FeatureOptions(), engagements);
        var graph = store.Data.CoEngagement;

        Assert.Equal(2, graph.History(store.Users.IndexOf("a")).Length);
        Assert.Contains(store.Posts.IndexOf("p2"), graph.Neighbours(store.Posts.IndexOf("p1")).ToArray());

        // b's heaviest (the recent like) comes first.
        Assert.Equal(store.Posts.IndexOf("p3"), graph.History(store.Users.IndexOf("b"))[0]);
    }

    [Fact]
    public void PairFeatures_KnownUser_ScoreByHand_AndMissingForStrangersAndNewPosts()
    {
        // u1 likes p1, p2, p3; u2 likes p1, p2 and hid p3. p3's only walker is u1 (1/3 per step from p1 and p2; p3
        // has one user, so beta changes nothing): u2's score is the mean, 1/2 · 1/3 from each of p1 and p2.
        var extractor = new FeatureExtractor(Store(), timeProvider: Clock());

        var f = extractor.GetPairFeatures("u2", Post("p3"));
        Assert.True(f.HasCoEngagementScore);
        Assert.Equal(1f / 6, f.CoEngagementScore, Tolerance);

        var untouched = extractor.GetPairFeatures("u2", Post("p4"));
        Assert.True(untouched.HasCoEngagementScore);
        Assert.Equal(0f, untouched.CoEngagementScore);

        Assert.False(extractor.GetPairFeatures("nobody", Post("p3")).HasCoEngagementScore);
        Assert.False(extractor.GetPairFeatures("u2", new Post("new", "bob", Now)).HasCoEngagementScore);
    }

    [Fact]
    public void PairFeatures_FoldedInHistory_ReplacesTheStoresHistory()
    {
        var extractor = new FeatureExtractor(Store(), timeProvider: Clock());
        var store = extractor.Store;
        var history = store.CoEngagementHistory("newbie", [new Engagement("newbie", "p1", EngagementKind.Like, Now)], new EngagementWeightingOptions());
        Assert.Equal([store.Posts.IndexOf("p1")], history!);

        var row = new float[PairFeatureColumns.Count];
        extractor.FillPairFeatures(extractor.ResolveUser("newbie", coEngagementHistory: history), [store.Posts.IndexOf("p3")], [], row);

        // From p1 alone: p1's walkers u1 (3 posts) and u2 (p3 is hidden, so not u2's): 1/2 · 1/3.
        Assert.Equal(1f, row[PairFeatureColumns.HasCoEngagementScore]);
        Assert.Equal(1f / 6, row[PairFeatureColumns.CoEngagementScore], Tolerance);
        Assert.Equal(1f, row[PairFeatureColumns.UserKnown]);

        // A hide since training takes a post out of the trained history.
        var hid = store.CoEngagementHistory("u1", [new Engagement("u1", "p2", EngagementKind.Hide, Now)], new EngagementWeightingOptions());
        Assert.DoesNotContain(store.Posts.IndexOf("p2"), hid!);
        Assert.Contains(store.Posts.IndexOf("p1"), hid!);
        Assert.Null(store.CoEngagementHistory("u1", [new Engagement("u1", "unknown", EngagementKind.Like, Now)], new EngagementWeightingOptions()));
    }

    [Fact]
    public void Store_SavedBeforeTheGraphExisted_LoadsWithAnEmptyGraph_AndScoresAsMissing()
    {
        var store = Store();
        using var stream = new MemoryStream();
        store.Save(stream);
        string[] oldTags = ["FTHD", "FUID", "FPID", "FAID", "FTAG", "FUSR", "FPST", "FATH", "FSEN", "FAFF", "FTPR", "FFOL"];
        var old = ContainerRewriter.Rewrite(stream.ToArray(), FeatureStore.Kind, oldTags, "none", _ => { });

        var loaded = FeatureStore.Load(new MemoryStream(old));

        Assert.True(loaded.Data.CoEngagement.IsEmpty);
        Assert.False(new FeatureExtractor(loaded, timeProvider: Clock()).GetPairFeatures("u2", Post("p3")).HasCoEngagementScore);
        Assert.False(new FeatureExtractor(store, timeProvider: Clock()).Store.Data.CoEngagement.IsEmpty);
    }

    [Fact]
    public void Store_ForgedGraph_IsRejected()
    {
        var store = Store();
        using var stream = new MemoryStream();
        store.Save(stream);
        string[] tags = ["FTHD", "FUID", "FPID", "FAID", "FTAG", "FUSR", "FPST", "FATH", "FSEN", "FAFF", "FTPR", "FFOL", "FCOE"];
        var forged = ContainerRewriter.Rewrite(stream.ToArray(), FeatureStore.Kind, tags, "FCOE", chunk =>
        {
            chunk.WriteSingle(0.3f);
            chunk.WriteInt32s([0, 0, 0]);
            chunk.WriteInt32s([]);
            chunk.WriteInt32s([0, 1, 1, 1, 1]);
            chunk.WriteInt32s([99]);
            chunk.WriteSingles([0.5f]);
        });

        var error = Assert.Throws<ModelFormatException>(() => FeatureStore.Load(new MemoryStream(forged)));
        Assert.Contains("FCOE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blend_WrittenBeforeTheCoEngagementSignal_ReadsWithAZeroWeight()
    {
        // The ten signals of blend layout 1 (before co-engagement).
        const int Old = 10;
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, "test");
        var chunk = new ChunkWriter();
        chunk.WriteBoolean(true);
        chunk.WriteSingle(0f);
        chunk.WriteSingle(1f);
        chunk.WriteSingle(0f);
        chunk.WriteSingles(new float[Old]);
        chunk.WriteSingles(Enumerable.Repeat(1f, Old).ToArray());
        chunk.WriteSingles(Enumerable.Range(0, 3 * Old).Select(i => (float)(i + 1)).ToArray());
        chunk.WriteInt32(1);
        chunk.WriteInt32(2);
        chunk.WriteDouble(0.5);
        chunk.WriteDouble(0.5);
        chunk.WriteString("old");
        writer.WriteChunk("BLND", 1, chunk);
        writer.End();
        stream.Position = 0;

        var blend = BlendModel.Read(ModelReader.Read(stream, "test"));

        Assert.Equal(BlendModel.Width, blend.Weights.Length);
        Assert.Equal(0f, blend.Weights[BlendSignals.IndexOf("co-engagement")]);
        Assert.Equal(1f, blend.Weights[0]);
        Assert.Equal(Old + 1f, blend.Weights[BlendSignals.Count]);
        Assert.Equal(0f, blend.Weights[(2 * BlendSignals.Count) + BlendSignals.IndexOf("co-engagement")]);
    }

    [Theory]
    [InlineData(-1, 0.3f, "CoEngagementNeighbours must be between 0 and 1000, was -1.")]
    [InlineData(1001, 0.3f, "CoEngagementNeighbours must be between 0 and 1000, was 1001.")]
    [InlineData(50, -0.1f, "CoEngagementPopularityExponent must be between 0 and 2, was -0.1.")]
    [InlineData(50, float.NaN, "CoEngagementPopularityExponent must be between 0 and 2, was NaN.")]
    public void Options_OutOfRange_AreNamed(int neighbours, float beta, string message)
    {
        var options = new FeatureOptions { CoEngagementNeighbours = neighbours, CoEngagementPopularityExponent = beta };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
