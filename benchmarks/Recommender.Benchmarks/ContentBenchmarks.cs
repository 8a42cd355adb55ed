using BenchmarkDotNet.Attributes;
using Recommender.Collaborative;
using Recommender.Content;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Benchmarks;

/// <summary>
/// Content similarity and the whole pair-feature matrix for 500 candidates of one known user: 450 training posts
/// and 50 new posts (tags, author and 10-30 words of text each; vectorised on first sight, then cached by the model).
/// Data: 2,000 users, 20,000 posts, 300 tags, 500 authors, 3,000 words, 200,000 engagements, NMF with the default
/// 50 factors; seeded.
/// </summary>
[MemoryDiagnoser]
public class ContentBenchmarks
{
    private const int Candidates = 500;
    private const int NewPosts = 50;
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private ContentModel _content = null!;
    private FeatureExtractor _extractor = null!;
    private int[] _indices = null!;
    private int[] _knownIndices = null!;
    private int[] _contentIndices = null!;
    private Post?[] _candidates = null!;
    private float[] _matrix = null!;
    private float[] _scores = null!;
    private PairUser _user;
    private int _contentUser;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var clock = new FixedClock(Now);
        string[] words = [.. Enumerable.Range(0, 3000).Select(i => $"word{i}")];
        Post MakePost(string id)
        {
            var tags = new string[random.Next(1, 5)];
            for (var t = 0; t < tags.Length; t++)
            {
                tags[t] = $"tag{(int)(300 * Math.Pow(random.NextDouble(), 2))}";
            }

            var text = string.Join(' ', Enumerable.Range(0, random.Next(10, 30)).Select(_ => words[(int)(words.Length * Math.Pow(random.NextDouble(), 3))]));
            return new Post(id, $"author{random.Next(500)}", Now.AddHours(-random.Next(0, 24 * 30))) { Tags = tags, Text = text };
        }

        var posts = Enumerable.Range(0, 20_000).Select(i => MakePost($"p{i}")).ToArray();
        var kinds = Enum.GetValues<EngagementKind>();
        var engagements = new Engagement[200_000];
        for (var i = 0; i < engagements.Length; i++)
        {
            // Skewed users and posts; user 0 is the heavy user we rank for.
            var u = i % 100 == 0 ? 0 : (int)(2000 * Math.Pow(random.NextDouble(), 1.5));
            var p = (int)(posts.Length * Math.Pow(random.NextDouble(), 2));
            var kind = random.NextDouble() < 0.6 ? EngagementKind.View : kinds[random.Next(kinds.Length)];
            engagements[i] = new Engagement($"u{u}", posts[p].Id, kind, Now.AddMinutes(-random.Next(0, 60 * 24 * 30)));
        }

        _content = new ContentTrainer(timeProvider: clock).Fit(posts, engagements);
        var nmf = new NmfTrainer(new NmfOptions { MaxIterations = 4 }, timeProvider: clock).Fit(engagements);
        var builder = new FeatureStoreBuilder(timeProvider: clock);
        foreach (var post in posts)
        {
            builder.AddPost(post);
        }

        for (var u = 0; u < 2000; u++)
        {
            builder.AddFollow(new Follow($"u{u}", $"author{random.Next(500)}", Now));
        }

        foreach (var e in engagements)
        {
            builder.AddEngagement(e);
        }

        _extractor = new FeatureExtractor(builder.Build(), _content, nmf, timeProvider: clock);
        _user = _extractor.ResolveUser("u0");
        _contentUser = _content.Users.IndexOf("u0");

        _candidates = new Post?[Candidates];
        _indices = new int[Candidates];
        _contentIndices = new int[Candidates];
        for (var i = 0; i < Candidates; i++)
        {
            if (i % (Candidates / NewPosts) == 0)
            {
                _candidates[i] = MakePost($"new{i}");
                _indices[i] = -1;
                _contentIndices[i] = -1;
            }
            else
            {
                var p = random.Next(posts.Length);
                _indices[i] = _extractor.Store.Posts.IndexOf(posts[p].Id);
                _contentIndices[i] = _content.Posts.IndexOf(posts[p].Id);
            }
        }

        _knownIndices = new int[Candidates];
        for (var i = 0; i < Candidates; i++)
        {
            _knownIndices[i] = _extractor.Store.Posts.IndexOf(posts[random.Next(posts.Length)].Id);
        }

        _matrix = new float[Candidates * PairFeatureColumns.Count];
        _scores = new float[Candidates];
    }

    /// <summary>Content similarity only: 450 trained vectors + 50 new posts tokenised and looked up.</summary>
    [Benchmark]
    public float ContentScores500()
    {
        using var scorer = _content.CreateScorer(_contentUser);
        var sum = 0f;
        for (var i = 0; i < Candidates; i++)
        {
            var p = _contentIndices[i];
            _scores[i] = p >= 0 ? scorer.Score(p) : scorer.Score(_candidates[i]!);
            sum += _scores[i];
        }

        return sum;
    }

    /// <summary>First sight of the 50 new posts: tokenising and vectorising them (what the per-model cache then saves).</summary>
    [Benchmark]
    public int VectorizeNewPosts50()
    {
        var terms = 0;
        for (var i = 0; i < Candidates; i += Candidates / NewPosts)
        {
            terms += _content.Vectorize(_candidates[i]!).Length;
        }

        return terms;
    }

    /// <summary>Every pair feature (content, NMF dot, author affinity, follows, time match, freshness, seen, popularity) for 500 candidates.</summary>
    [Benchmark]
    public float PairFeatures500()
    {
        _extractor.FillPairFeatures(_user, _indices, _candidates, _matrix);
        return _matrix[0];
    }

    /// <summary>Every pair feature for 500 training posts only (no tokenisation).</summary>
    [Benchmark]
    public float PairFeatures500KnownOnly()
    {
        _extractor.FillPairFeatures(_user, _knownIndices, [], _matrix);
        return _matrix[0];
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
