using BenchmarkDotNet.Attributes;
using Recommender.Benchmarks.Data;
using Recommender.Data;
using Recommender.Features;
using Recommender.Ranking;
using Recommender.SampleData;

namespace Recommender.Benchmarks.Ranking;

/// <summary>
/// Issue 3's serving targets on a model trained on 100 k posts and about 300 k engagements (<see cref="RankingFixture"/>):
/// ranking 500 candidates (450 known posts of the last three days, 50 published since training) for a known user with
/// every feature ≤ 100 µs, with no per-candidate heap allocation; recommending the top 50 of 100 k posts ≤ 3 ms;
/// 1,000 users in a batch scaling across cores. Peers in the same run: the heuristic scorer over the same 500
/// candidates (no personal signal), and a naive blend through the public per-pair API with LINQ.
/// </summary>
[MemoryDiagnoser]
public class RankingBenchmarks
{
    private SocialFeed _feed = null!;
    private HybridRanker _ranker = null!;
    private HeuristicScorer _heuristic = null!;
    private string _user = null!;
    private Post[] _candidates = null!;
    private string[] _batchUsers = null!;
    private float[] _heuristicScores = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_feed, var model) = RankingFixture.Load();
        var clock = new FixedTime(RankingFixture.Now);
        _ranker = new HybridRanker(model, null, clock);
        _user = RankingFixture.KnownUser(_feed);
        _candidates = RankingFixture.Candidates(_feed, 450, 50, seed: 1);
        var users = _feed.Users.Select(u => u.Id).ToArray();
        _batchUsers = [.. Enumerable.Range(0, 1_000).Select(i => users[(int)((long)i * 7_919 % users.Length)])];

        var options = new HeuristicOptions();
        var index = new PopularityIndex(options);
        foreach (var post in _feed.Posts)
        {
            index.AddPost(post);
        }

        foreach (var e in _feed.Engagements)
        {
            index.Add(e);
        }

        _heuristic = new HeuristicScorer(options, index);
        _heuristicScores = new float[_candidates.Length];

        // Warm the new posts' vectors (the model caches them on first sight) and check the peers agree on the set.
        var ranked = Rank500();
        if (ranked.Count == 0 || NaiveLinqBlend500().Count != ranked.Count)
        {
            throw new InvalidOperationException("The ranking methods disagree on the candidates.");
        }
    }

    /// <summary>The hybrid ranker: features, blend, drop seen, sort (ties by id), author diversity, reasons for the top 10.</summary>
    [Benchmark(Baseline = true)]
    public IReadOnlyList<RankedPost> Rank500() => _ranker.Rank(_user, _candidates);

    /// <summary>Peer: the heuristic fallback's score for the same 500 candidates (popularity, author, freshness), unsorted.</summary>
    [Benchmark]
    public float HeuristicScore500()
    {
        var now = RankingFixture.Now;
        var sum = 0f;
        for (var i = 0; i < _candidates.Length; i++)
        {
            _heuristicScores[i] = _heuristic.Score(_candidates[i], now);
            sum += _heuristicScores[i];
        }

        return sum;
    }

    /// <summary>Peer: the same blend done naively, one public <see cref="IFeatureExtractor.GetPairFeatures"/> call per candidate, LINQ sort.</summary>
    [Benchmark]
    public IReadOnlyList<string> NaiveLinqBlend500()
    {
        var blend = _ranker.Model.Blend;
        var features = _ranker.Features;
        return _candidates
            .DistinctBy(p => p.Id)
            .Select(p => (Post: p, Features: features.GetPairFeatures(_user, p)))
            .Where(x => !x.Features.AlreadySeen)
            .Select(x => (x.Post.Id, Score: blend.Score(Row(x.Features, x.Post))))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .Select(x => x.Id)
            .ToList();
    }

    /// <summary>Top 50 of the 100 k-post catalogue: candidates from the collaborative model, fresh and popular posts, then ranked.</summary>
    [Benchmark]
    public IReadOnlyList<RankedPost> Recommend50() => _ranker.Recommend(_user, 50);

    /// <summary>1,000 users' top 50 on one thread.</summary>
    [Benchmark]
    public int RecommendBatch1000Serial() => _ranker.RecommendBatch(_batchUsers, 50, null, maxDegreeOfParallelism: 1).Count;

    /// <summary>1,000 users' top 50 on every core.</summary>
    [Benchmark]
    public int RecommendBatch1000Parallel() => _ranker.RecommendBatch(_batchUsers, 50, null, maxDegreeOfParallelism: -1).Count;

    /// <summary>The public <see cref="PairFeatures"/> back into a row the blend reads (what the naive peer has to do).</summary>
    private float[] Row(PairFeatures f, Post post)
    {
        var row = new float[PairFeatureColumns.Count];
        var stats = _ranker.Features.GetPostFeatures(post);
        row[PairFeatureColumns.CollaborativeScore] = f.CollaborativeScore;
        row[PairFeatureColumns.HasCollaborativeScore] = f.HasCollaborativeScore ? 1f : 0f;
        row[PairFeatureColumns.ContentSimilarity] = f.ContentSimilarity;
        row[PairFeatureColumns.HasContentSimilarity] = f.HasContentSimilarity ? 1f : 0f;
        row[PairFeatureColumns.AuthorEngagementShare] = f.AuthorEngagementShare;
        row[PairFeatureColumns.FollowsAuthor] = f.FollowsAuthor ? 1f : 0f;
        row[PairFeatureColumns.AuthorAffinity] = f.AuthorAffinity;
        row[PairFeatureColumns.TimeMatch] = f.TimeMatch;
        row[PairFeatureColumns.Freshness] = f.Freshness;
        row[PairFeatureColumns.AlreadySeen] = f.AlreadySeen ? 1f : 0f;
        row[PairFeatureColumns.UserKnown] = f.UserKnown ? 1f : 0f;
        row[PairFeatureColumns.PostKnown] = f.PostKnown ? 1f : 0f;
        row[PairFeatureColumns.PostAgeHours] = (float)stats.Age.TotalHours;
        row[PairFeatureColumns.PostPopularity] = MathF.Log(1f + stats.PositiveEngagements);
        row[PairFeatureColumns.PostVelocity] = stats.VelocityByKind.Sum();
        row[PairFeatureColumns.AuthorPopularity] = stats.AuthorPopularity;
        return row;
    }
}
