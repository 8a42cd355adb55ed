using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Training;

public sealed class RecommenderTrainerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Fit_TinyData_KeepsHandWeights_AndTheNoteSaysWhy()
    {
        var posts = Feed.Posts.Take(10).ToArray();
        var engagements = Feed.Engagements.Where(e => posts.Any(p => p.Id == e.PostId)).Take(20).ToArray();
        Assert.True(engagements.Length >= 5);

        var model = Trainer().Fit([], posts, engagements, null, null, Ct);

        Assert.False(model.Info.BlendLearned);
        Assert.Equal("hand weights: too few engagements to hold out", model.Info.BlendNote);
        Assert.True(double.IsNaN(model.Info.BlendLearnedAuc));
        Assert.NotNull(model.Collaborative);
        var ranked = Ranker(model: model).Rank(engagements[0].UserId, posts);
        Assert.NotEmpty(ranked);
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score)));
    }

    [Fact]
    public void Fit_TooFewHeldOutPositives_KeepsHandWeights_AndTheNoteCountsThem()
    {
        // 1,200 engagements (enough to hold out 10%), but the latest 10% are all hides: nothing positive to learn from.
        var posts = Feed.Posts.Take(200).ToArray();
        var engagements = Enumerable.Range(0, 1_200).Select(i => new Engagement(
            $"u{i % 50}",
            posts[(i * 7) % posts.Length].Id,
            i >= 1_080 ? EngagementKind.Hide : EngagementKind.Like,
            Now.AddDays(-3).AddMinutes(i))).ToArray();

        var options = SmallOptions();
        options.Ranking.BlendHoldout = BlendHoldout.Latest;
        var model = Trainer(options).Fit([], posts, engagements, null, null, Ct);

        Assert.False(model.Info.BlendLearned);
        Assert.Equal("holdout latest; hand weights: 0 held-out engagements, at least 100 needed", model.Info.BlendNote);
    }

    [Fact]
    public void Fit_LearnBlendOff_KeepsHandWeights_AndTheNoteSaysSo()
    {
        var options = SmallOptions();
        options.Ranking.LearnBlend = false;

        var model = Trainer(options).Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, null, Ct);

        Assert.False(model.Info.BlendLearned);
        Assert.Equal("hand weights: LearnBlend is off", model.Info.BlendNote);
    }

    [Fact]
    public void Fit_PerUserHoldout_LearnsABlendThatRanks()
    {
        var options = SmallOptions();
        options.Ranking.BlendHoldout = BlendHoldout.PerUser;

        var model = Trainer(options).Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, null, Ct);

        Assert.True(model.Info.BlendLearned, model.Info.BlendNote);
        Assert.True(model.Info.BlendLearnedAuc > 0.5);
        Assert.Equal(20, Ranker(model: model).Recommend(ActiveUsers(1)[0], 20).Count);
    }

    [Fact]
    public void Fit_AutoHoldout_OnAFeed_HoldsOutTheLatest()
    {
        var model = Trainer().Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, null, Ct);

        Assert.StartsWith("holdout latest (auto: posts are ", model.Info.BlendNote, StringComparison.Ordinal);
        Assert.Contains("within the 3 days fresh window: a feed)", model.Info.BlendNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_AutoHoldout_OnACatalogue_HoldsOutAtRandom_AndNeverDoesWorseThanTheCollaborativeScore()
    {
        // The same engagements with posts published a year earlier: a catalogue, not a feed.
        var posts = Feed.Posts.Select(p => p with { CreatedAt = p.CreatedAt.AddYears(-1) }).ToArray();

        var model = Trainer().Fit(Feed.Users, posts, Feed.Engagements, Feed.Follows, null, Ct);

        Assert.StartsWith("holdout random (auto: posts are ", model.Info.BlendNote, StringComparison.Ordinal);
        Assert.Contains("beyond the 3 days fresh window: a catalogue)", model.Info.BlendNote, StringComparison.Ordinal);

        // Chosen on the catalogue's NDCG@10 alone, and plain collaborative filtering unless a blend beats it clearly.
        Assert.Matches(@"\); (collaborative score alone|learned|learned and refined|hand weights|collaborative score refined|[a-z-]+ alone) \(", model.Info.BlendNote);
        Assert.Contains("cross-fitted feed AUC / catalogue NDCG@10", model.Info.BlendNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_RandomHoldout_IsDeterministic()
    {
        var options = SmallOptions();
        options.Ranking.BlendHoldout = BlendHoldout.Random;

        var a = Trainer(options).Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, null, Ct);
        var b = Trainer(options).Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, null, Ct);

        Assert.StartsWith("holdout random; ", a.Info.BlendNote, StringComparison.Ordinal);
        Assert.Equal(a.Info.BlendNote, b.Info.BlendNote);
        var user = ActiveUsers(1)[0];
        Assert.Equal(Ranker(model: a).Recommend(user, 20).Select(r => (r.PostId, r.Score)), Ranker(model: b).Recommend(user, 20).Select(r => (r.PostId, r.Score)));
    }

    [Fact]
    public void Fit_EmptyData_GivesAModelThatRanksEverythingAsColdStart()
    {
        var empty = Trainer().Fit([], [], [], null, null, Ct);
        var postsOnly = Trainer().Fit([], Feed.Posts.Take(50), [], null, null, Ct);

        Assert.Null(empty.Collaborative);
        Assert.Equal(0, empty.Info.Users);
        Assert.Equal(0, empty.Info.Engagements);
        Assert.Null(empty.Info.DataWatermark);
        Assert.False(empty.Info.BlendLearned);
        Assert.Empty(Ranker(model: empty).Recommend("anyone", 10));
        var ranked = Ranker(model: empty).Rank("anyone", RecentPosts(1));
        Assert.Equal(RecentPosts(1).Length, ranked.Count);
        Assert.All(ranked, r => Assert.Equal(RecommendationSource.ColdStart, r.Source));
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score)));

        Assert.Null(postsOnly.Collaborative);
        var recommended = Ranker(model: postsOnly).Recommend("anyone", 10);
        Assert.Equal(10, recommended.Count);
        Assert.All(recommended, r => Assert.Equal(RecommendationSource.ColdStart, r.Source));
    }

    [Fact]
    public void Fit_OnlyNegativeEngagements_HasNoCollaborativeModel_AndStillRanks()
    {
        var posts = Feed.Posts.Take(100).ToArray();
        var engagements = posts.Select((p, i) => new Engagement($"u{i % 10}", p.Id, i % 3 == 0 ? EngagementKind.Report : EngagementKind.Hide, Now.AddHours(-i))).ToArray();

        var model = Trainer().Fit([], posts, engagements, null, null, Ct);
        var ranked = Ranker(model: model).Rank("u0", posts);

        Assert.Null(model.Collaborative);
        Assert.Equal(100, model.Info.Engagements);
        Assert.Equal(90, ranked.Count);
        Assert.DoesNotContain(ranked, r => engagements.Any(e => e.UserId == "u0" && e.PostId == r.PostId));
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score) && r.Score is >= 0f and <= 1f));
        Assert.NotEmpty(Ranker(model: model).Recommend("u0", 10));
    }

    [Fact]
    public async Task Fit_CancelledToken_Throws_AndSoDoesCancellingMidway()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var source = new InMemoryDataSource(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows);

        Assert.ThrowsAny<OperationCanceledException>(() => Trainer().Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trainer().FitAsync(source, null, cancelled.Token));

        using var midway = new CancellationTokenSource();
        var stages = new List<string>();
        var progress = new SynchronousProgress(p =>
        {
            stages.Add(p.Stage);
            if (p.Stage == "blend: fit")
            {
                midway.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Trainer().Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, progress, midway.Token));
        Assert.DoesNotContain("done", stages);
    }

    [Fact]
    public void Fit_SameSeed_WritesIdenticalBytes_AnotherSeedDoesNot()
    {
        var a = Bytes(Train(Feed, SmallOptions(seed: 5)));
        var b = Bytes(Train(Feed, SmallOptions(seed: 5)));
        var c = Bytes(Train(Feed, SmallOptions(seed: 6)));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task FitAsync_OverAnInMemorySource_EqualsFitOverTheSameLists()
    {
        var source = new InMemoryDataSource(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows);

        var fromSource = await Trainer().FitAsync(source, null, Ct);
        var fromLists = Trainer().Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, null, Ct);

        Assert.True(fromSource.Info.BlendLearned);
        Assert.Equal(Bytes(fromLists), Bytes(fromSource));
    }

    [Fact]
    public void Fit_ReportsProgress_InOrder_EndingDone()
    {
        var reports = new List<TrainingProgress>();

        Trainer().Fit(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows, new SynchronousProgress(reports.Add), Ct);

        Assert.Equal(new TrainingProgress("done", 1.0), reports[^1]);
        Assert.Contains(reports, r => r.Stage == "blend: collaborative" && r.Iteration > 0);
        Assert.Contains(reports, r => r.Stage == "collaborative" && r.Iteration > 0 && double.IsFinite(r.Loss));
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Fraction >= reports[i - 1].Fraction, $"{reports[i - 1]} then {reports[i]}");
        }
    }

    [Fact]
    public void Fit_WithoutPosts_TheBlendNoteSaysWhyTheFeedAucIsMissing_AndHoldsNoNaN()
    {
        // Issue 17: `train` without --posts printed "AUC NaN". Without posts no held-out engagement has a feed to be
        // ranked in; the catalogue pools (from the engagements' posts) still validate.
        var model = Trainer().Fit(Feed.Users, [], Feed.Engagements, Feed.Follows, null, Ct);
        var note = model.Info.BlendNote;

        Assert.Contains("; cross-fitted catalogue NDCG@10: learned 0.", note, StringComparison.Ordinal);
        Assert.Contains("; feed AUC not measured: no feed groups in the holdout (no posts were given); guard (catalogue NDCG@10, ", note, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", note, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("n/a", note, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", Model.Info.BlendNote, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fit_InMemoryData_TrainsAndReportsOnTheCallingThread()
    {
        // The in-memory path runs the same protocol as FitAsync over a source whose reads complete synchronously.
        var threads = new HashSet<int>();
        var caller = Environment.CurrentManagedThreadId;

        Trainer().Fit(Feed.Users, Feed.Posts, Feed.Engagements.Take(2_000), Feed.Follows, new SynchronousProgress(_ => threads.Add(Environment.CurrentManagedThreadId)), Ct);

        Assert.Equal([caller], threads);
    }

    [Fact]
    public void Fit_InfoDescribesTheData()
    {
        var info = Model.Info;

        Assert.Equal(Now, info.TrainedAt);
        Assert.Equal(Feed.Engagements.Max(e => e.Timestamp), info.DataWatermark);
        Assert.Equal(Feed.Engagements.Count, info.Engagements);
        Assert.Equal(Feed.Posts.Count, info.Posts);
        Assert.True(info.Users >= Feed.Engagements.Select(e => e.UserId).Distinct().Count());
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblemWithItsPath()
    {
        var options = new RecommenderOptions();
        options.Collaborative.Factors = 0;
        options.Ranking.MaxAuthorRun = -1;
        options.Ranking.HandWeights.Content = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => new RecommenderTrainer(options));

        Assert.Contains("Collaborative:Factors", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ranking:MaxAuthorRun", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ranking:HandWeights:Content", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, options.GetErrors().Count);
    }

    [Fact]
    public void Fit_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => Trainer().Fit(null!, [], []));
        Assert.Throws<ArgumentNullException>(() => Trainer().Fit([], null!, []));
        Assert.Throws<ArgumentNullException>(() => Trainer().Fit([], [], null!));
        Assert.Throws<ArgumentException>(() => Trainer().Fit([], [new Post("", null, Now)], []));
    }

    internal static byte[] Bytes(RecommenderModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
