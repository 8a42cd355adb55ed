using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Recommender.Collaborative;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// One training run, fed by <see cref="TrainingProtocol"/>:
/// users, follows and posts once; then engagements up to three times:
/// (1) timestamps only, to place the holdout cut-off at the latest <see cref="RankingOptions.BlendHoldoutFraction"/>;
/// (2) when the blend is learned, an earlier pass trained on the engagements before the cut-off, whose features for the
/// held-out engagements fit the blend (then it is dropped); (3) the final pass on every engagement.
/// Engagement lists are never kept, only the sampled held-out ones.
/// </summary>
internal sealed class TrainingSession
{
    /// <summary>How many engagement ages <see cref="BlendHoldout.Auto"/> samples (a seeded reservoir).</summary>
    private const int AgeSample = 10_001;

    private readonly RecommenderOptions _options;
    private readonly ILogger _logger;
    private readonly TrainingReport? _report;
    private readonly CancellationToken _cancellationToken;
    private readonly long _started;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _now;
    private readonly long _latestAcceptedTicks;
    private readonly List<User> _users = [];
    private readonly List<Follow> _follows = [];
    private readonly List<Post> _posts = [];
    private long[] _ticks = new long[1024];
    private int[] _tickUsers = new int[1024];
    private readonly IdIndexBuilder _observedUsers = new();
    private long[] _userCutoffs = [];
    private uint _randomThreshold;
    private Dictionary<string, long>? _postCreated;
    private readonly long[] _ages = new long[AgeSample];
    private long _agesSeen;
    private readonly Random _ageRandom = new(17);
    private BlendHoldout _holdout = BlendHoldout.Latest;
    private string _holdoutNote = string.Empty;
    private int _observed;
    private long _watermarkTicks = long.MinValue;
    private DateTimeOffset _cutoff;
    private ModelPass? _earlier;
    private Engagement[] _heldOut = [];
    private int _heldOutSeen;
    private Random? _reservoirRandom;
    private ModelPass? _final;
    private BlendModel? _blend;

    public TrainingSession(RecommenderOptions options, TimeProvider clock, ILogger logger, TrainingReport? report, CancellationToken cancellationToken)
    {
        _options = options;
        _clock = clock;
        _now = clock.GetUtcNow();
        _latestAcceptedTicks = EngagementWeigher.LatestAcceptedAt(_now, options.Weighting.MaxClockSkew).UtcTicks;
        _logger = logger;
        _report = report;
        _cancellationToken = cancellationToken;
        _started = clock.GetTimestamp();
    }

    public bool LearnsBlend { get; private set; }

    public void AddUser(User user) => _users.Add(user);

    public void AddFollow(Follow follow) => _follows.Add(follow);

    public void AddPost(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        Guard.NotNullOrEmpty(post.Id, "Post.Id");
        _posts.Add(post);
    }

    /// <summary>Pass 1: remember the timestamp.</summary>
    public void Observe(in Engagement engagement)
    {
        if (!EngagementWeigher.IsValid(engagement) || IsBeyondClockSkew(engagement))
        {
            return;
        }

        if (_observed == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
            Array.Resize(ref _tickUsers, _ticks.Length);
        }

        var ticks = engagement.Timestamp.UtcTicks;
        if (_options.Ranking.BlendHoldout == BlendHoldout.Auto)
        {
            SampleAge(engagement.PostId, ticks);
        }

        _tickUsers[_observed] = _observedUsers.GetOrAdd(engagement.UserId);
        _ticks[_observed++] = ticks;
        _watermarkTicks = Math.Max(_watermarkTicks, ticks);
        if ((_observed & 0xFFFF) == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The engagement's post's age at the engagement, into a uniform reservoir sample.</summary>
    private void SampleAge(string postId, long ticks)
    {
        if (_postCreated is null)
        {
            _postCreated = new Dictionary<string, long>(_posts.Count, StringComparer.Ordinal);
            foreach (var post in _posts)
            {
                _postCreated[post.Id] = post.CreatedAt.UtcTicks;
            }
        }

        if (!_postCreated.TryGetValue(postId, out var created))
        {
            return;
        }

        var age = ticks - created;
        if (_agesSeen < AgeSample)
        {
            _ages[_agesSeen] = age;
        }
        else
        {
            var j = _ageRandom.NextInt64(_agesSeen + 1);
            if (j < AgeSample)
            {
                _ages[j] = age;
            }
        }

        _agesSeen++;
    }

    /// <summary>The holdout to use: the option, or for <see cref="BlendHoldout.Auto"/> feed or catalogue by the median engagement age.</summary>
    private BlendHoldout ResolveHoldout()
    {
        var option = _options.Ranking.BlendHoldout;
        if (option != BlendHoldout.Auto)
        {
            _holdoutNote = $"holdout {Name(option)}";
            return option;
        }

        _postCreated = null;
        var n = (int)Math.Min(_agesSeen, AgeSample);
        if (n == 0)
        {
            _holdoutNote = "holdout latest (auto: no engagement with a known post, so a feed is assumed)";
            return BlendHoldout.Latest;
        }

        var ages = _ages.AsSpan(0, n);
        ages.Sort();
        var median = TimeSpan.FromTicks(ages[n / 2]);
        var feed = median <= _options.Ranking.FreshWindow;
        var chosen = feed ? BlendHoldout.Latest : BlendHoldout.Random;
        _holdoutNote = $"holdout {Name(chosen)} (auto: posts are {FormatAge(median)} old at the median engagement, {(feed ? "within" : "beyond")} the {FormatAge(_options.Ranking.FreshWindow)} fresh window: a {(feed ? "feed" : "catalogue")})";
        return chosen;

        static string Name(BlendHoldout holdout) => holdout switch
        {
            BlendHoldout.PerUser => "per-user",
            BlendHoldout.Random => "random",
            _ => "latest",
        };

        static string FormatAge(TimeSpan age) => age.TotalDays >= 2 ? $"{age.TotalDays:F0} days" : $"{age.TotalHours:F1} hours";
    }

    /// <summary>After pass 1: decides whether the blend is learned, and where the cut-off lies.</summary>
    public void EndObserve()
    {
        Report("reading", 0.1);
        var ranking = _options.Ranking;
        _holdout = ResolveHoldout();
        if (ranking.LearnBlend && _observed >= 10 * RankingDefaults.BlendMinPositives)
        {
            if (_holdout == BlendHoldout.PerUser)
            {
                PerUserCutoffs(ranking.BlendHoldoutFraction);
            }
            else if (_holdout == BlendHoldout.Random)
            {
                _randomThreshold = (uint)(ranking.BlendHoldoutFraction * uint.MaxValue);
            }

            var ticks = _ticks.AsSpan(0, _observed);
            ticks.Sort();
            var at = (int)Math.Floor(_observed * (1 - ranking.BlendHoldoutFraction));
            var cutoff = ticks[Math.Clamp(at, 0, _observed - 1)];
            if (cutoff < ticks[^1])
            {
                _cutoff = new DateTimeOffset(cutoff, TimeSpan.Zero);
                LearnsBlend = true;
            }
        }

        _ticks = [];
        _tickUsers = [];
        if (LearnsBlend)
        {
            var perUser = _userCutoffs.Length > 0 || _randomThreshold > 0;
            if (perUser)
            {
                _cutoff = new DateTimeOffset(_watermarkTicks, TimeSpan.Zero);
            }

            _earlier = NewPass(_cutoff, p => perUser || p.CreatedAt <= _cutoff);
            _heldOut = new Engagement[ranking.BlendMaxPositives];
            _reservoirRandom = new Random(_options.Collaborative.Seed);
        }
    }

    /// <summary>Each user's latest engagements (the fraction, rounded down; none for fewer than 5) are held out.</summary>
    private void PerUserCutoffs(double fraction)
    {
        var users = _tickUsers.AsSpan(0, _observed).ToArray();
        var ticks = _ticks.AsSpan(0, _observed).ToArray();
        Array.Sort(users, ticks);
        _userCutoffs = new long[_observedUsers.Count];
        Array.Fill(_userCutoffs, long.MaxValue);
        var start = 0;
        while (start < users.Length)
        {
            var end = start;
            while (end < users.Length && users[end] == users[start])
            {
                end++;
            }

            var n = end - start;
            var held = (int)Math.Floor(n * fraction);
            if (n >= 5 && held > 0)
            {
                var segment = ticks.AsSpan(start, n);
                segment.Sort();
                _userCutoffs[users[start]] = segment[n - held - 1];
            }

            start = end;
        }
    }

    /// <summary>Pass 2: engagements up to the cut-off train the earlier models; later positive ones are sampled.</summary>
    public void AddEarlier(in Engagement engagement)
    {
        if (IsBeyondClockSkew(engagement))
        {
            return;
        }

        var cutoff = _userCutoffs.Length > 0
            ? (_observedUsers.TryGet(engagement.UserId, out var u) ? _userCutoffs[u] : long.MaxValue)
            : _cutoff.UtcTicks;
        if (_randomThreshold > 0 ? !IsRandomlyHeldOut(engagement) : engagement.Timestamp.UtcTicks <= cutoff)
        {
            _earlier!.AddEngagement(engagement);
            return;
        }

        if (!EngagementWeigher.IsValid(engagement)
            || _options.Weighting.WeightOf(engagement.Kind) * (engagement.Weight ?? 1f) <= 0f)
        {
            return;
        }

        // Reservoir sampling keeps a uniform, seeded sample of the held-out engagements.
        if (_heldOutSeen < _heldOut.Length)
        {
            _heldOut[_heldOutSeen] = engagement;
        }
        else
        {
            var j = _reservoirRandom!.NextInt64(_heldOutSeen + 1);
            if (j < _heldOut.Length)
            {
                _heldOut[j] = engagement;
            }
        }

        _heldOutSeen++;
    }

    /// <summary>Dated more than Weighting:MaxClockSkew after the clock: never read (the final pass's builders count it).</summary>
    private bool IsBeyondClockSkew(in Engagement engagement) => engagement.Timestamp.UtcTicks > _latestAcceptedTicks;

    /// <summary>
    /// <see cref="BlendHoldout.Random"/>: XxHash32 of "user\npost" (seeded) below the fraction, so every engagement of
    /// one pair goes the same way and the choice is the same in every pass and process.
    /// </summary>
    private bool IsRandomlyHeldOut(in Engagement engagement)
    {
        if (string.IsNullOrEmpty(engagement.UserId) || string.IsNullOrEmpty(engagement.PostId))
        {
            return false;
        }

        return StableHash.Of(engagement.UserId, '\n', engagement.PostId, _options.Collaborative.Seed) < _randomThreshold;
    }

    /// <summary>After pass 2: trains the earlier models and fits the blend on the held-out engagements.</summary>
    public void FitBlend()
    {
        var pass = _earlier!;
        _earlier = null;
        var (collaborative, content, features, _) = pass.Build(NmfProgress("blend: collaborative", 0.1, 0.35), _cancellationToken);
        Report("blend: examples", 0.4);
        var clock = new SettableTimeProvider(_cutoff);
        var extractor = new FeatureExtractor(features, content, collaborative, null, clock);
        var heldOut = _heldOut.AsSpan(0, Math.Min(_heldOutSeen, _heldOut.Length)).ToArray();
        Array.Sort(heldOut, static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var examples = BlendExamples.Build(
            extractor,
            clock,
            heldOut,
            PostsByTime(),
            _options.Ranking.FreshWindow,
            _options.Ranking.BlendNegativesPerPositive,
            _options.Collaborative.Seed,
            _cancellationToken);
        var poolUsers = (int)Math.Clamp(RankingDefaults.BlendPoolRows / Math.Max(1, features.Posts.Count), 50, RankingDefaults.BlendPoolUsers);
        var validation = new CatalogueValidation(
            extractor,
            clock,
            _cutoff,
            examples.AddPools(extractor, clock, _cutoff, heldOut, RankingDefaults.BlendPoolSize, poolUsers, _options.Collaborative.Seed, _cancellationToken));
        _heldOut = [];
        Report("blend: fit", 0.45);
        _blend = BlendFitter.Fit(
            examples.Rows,
            examples.Labels,
            examples.Groups,
            examples.GroupFolds,
            examples.GroupUsers,
            examples.FirstPoolGroup,
            _options.Ranking.HandWeights,
            _options.Collaborative.Seed,
            validation.Users > 0 ? (blends, fold) => validation.Ndcg(blends, fold, _cancellationToken) : null,
            _holdout != BlendHoldout.Latest,
            _cancellationToken);
        // Without posts no held-out engagement has a feed of other posts to be ranked against: say so where the note
        // says why the feed AUC was not measured.
        var note = _posts.Count == 0 ? _blend.Diagnostics.Note.Replace(BlendFitter.NoFeedGroups, BlendFitter.NoFeedGroups + " (no posts were given)", StringComparison.Ordinal) : _blend.Diagnostics.Note;
        _blend = _blend.WithNote($"{_holdoutNote}; {note}");
        Log.BlendFitted(_logger, _blend.Learned, _blend.Diagnostics.Positives, _blend.Diagnostics.Negatives, _blend.Diagnostics.Note);
        if (_blend.Diagnostics.GuardNote.Length > 0)
        {
            Log.BlendGuarded(_logger, _blend.Learned, _blend.Diagnostics.GuardNote);
        }
    }

    /// <summary>Before pass 3.</summary>
    public void BeginFinal() => _final = NewPass(_now, null);

    /// <summary>Pass 3: every engagement trains the final models.</summary>
    public void AddFinal(in Engagement engagement) => _final!.AddEngagement(engagement);

    /// <summary>After pass 3: trains the final models and bundles everything.</summary>
    public RecommenderModel Finish()
    {
        var pass = _final!;
        _final = null;
        var (collaborative, content, features, matrix) = pass.Build(NmfProgress("collaborative", 0.5, 0.95), _cancellationToken);
        var blend = _blend ?? HandBlend(new FeatureExtractor(features, content, collaborative, null, pass.Clock));
        Report("done", 1.0);
        var info = new RecommenderModelInfo
        {
            TrainedAt = _now,
            DataWatermark = _watermarkTicks == long.MinValue ? null : new DateTimeOffset(_watermarkTicks, TimeSpan.Zero),
            Users = features.Users.Count,
            Posts = features.Posts.Count,
            Engagements = features.AcceptedEngagements,
            BlendLearned = blend.Learned,
            BlendNote = blend.Diagnostics.Note,
            BlendLearnedAuc = blend.Diagnostics.LearnedAuc,
            BlendHandAuc = blend.Diagnostics.HandAuc,
            Duration = _clock.GetElapsedTime(_started),
        };

        Log.ModelTrained(_logger, info.Users, info.Posts, info.Engagements, matrix.NonZeroCount, blend.Learned, info.Duration.TotalSeconds);
        if (matrix.Report.Skipped > 0)
        {
            Log.EngagementsSkipped(_logger, matrix.Report.Skipped, matrix.Report.Describe());
        }

        return ModelVerifier.Verified(new RecommenderModel(collaborative, content, features, blend, info));
    }

    /// <summary>Hand weights standardised on a sample of (user, fresh post) pairs of the final models.</summary>
    private BlendModel HandBlend(FeatureExtractor extractor)
    {
        const int F = PairFeatureColumns.Count;
        const int SampleUsers = 200;
        const int SamplePosts = 50;
        var posts = PostsByTime();
        var recent = posts.AsSpan(Math.Max(0, posts.Length - SamplePosts)).ToArray();
        var users = extractor.Store.Users;
        var rows = new List<float>();
        if (recent.Length > 0 && users.Count > 0)
        {
            var step = Math.Max(1, users.Count / SampleUsers);
            var buffer = new float[recent.Length * F];
            var indices = new int[recent.Length];
            Post?[] candidates = [.. recent];
            extractor.ResolvePosts(recent, indices);
            for (var u = 0; u < users.Count; u += step)
            {
                extractor.FillPairFeatures(extractor.ResolveUser(users[u]), indices, candidates, buffer);
                rows.AddRange(buffer);
            }
        }

        var (means, inverseStd) = BlendFitter.Standardisation(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows), rows.Count / F);
        var note = _options.Ranking.LearnBlend ? "hand weights: too few engagements to hold out" : "hand weights: LearnBlend is off";
        return BlendModel.FromHandWeights(_options.Ranking.HandWeights, means, inverseStd, new BlendDiagnostics(0, 0, double.NaN, double.NaN, note));
    }

    private ModelPass NewPass(DateTimeOffset referenceTime, Func<Post, bool>? postFilter)
    {
        var pass = new ModelPass(_options, referenceTime, _clock, _logger);
        foreach (var user in _users)
        {
            pass.AddUser(user);
        }

        foreach (var follow in _follows)
        {
            if (follow.CreatedAt <= referenceTime)
            {
                pass.AddFollow(follow);
            }
        }

        foreach (var post in _posts)
        {
            if (postFilter is null || postFilter(post))
            {
                pass.AddPost(post);
            }
        }

        return pass;
    }

    private Post[] PostsByTime()
    {
        var posts = _posts.ToArray();
        Array.Sort(posts, BlendExamples.PostOrder);
        return posts;
    }

    private SyncProgress? NmfProgress(string stage, double from, double to) =>
        _report is null ? null : new SyncProgress(p => Report(stage, from + ((to - from) * p.Iteration / p.MaxIterations), p.Iteration, p.Loss));

    private void Report(string stage, double fraction, int iteration = 0, double loss = double.NaN)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        _report?.Invoke(stage, fraction, iteration, loss);
        Debug.Assert(fraction is >= 0 and <= 1, "progress is a fraction");
    }

    private sealed class SyncProgress(Action<NmfProgress> report) : IProgress<NmfProgress>
    {
        public void Report(NmfProgress value) => report(value);
    }
}
