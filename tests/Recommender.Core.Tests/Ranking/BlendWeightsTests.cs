using Recommender.Data;
using Recommender.Features;
using Recommender.Ranking;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Ranking;

/// <summary>Issue 3: weights shift with what is known (new users, new posts), for hand weights and the learned blend.</summary>
public sealed class BlendWeightsTests
{
    private const int F = PairFeatureColumns.Count;
    private static readonly Lazy<RecommenderModel> HandModel = new(() =>
    {
        var options = SmallOptions();
        options.Ranking.LearnBlend = false;
        return Train(Feed, options);
    });

    public static TheoryData<bool> Blends => [true, false];

    [Fact]
    public void HandBlend_NewUser_StrengthensPopularityVelocityAndFreshnessOnly()
    {
        var blend = UnitBlend(new BlendWeights { NewUserBoost = 2f, NewPostBoost = 1f });
        var known = Row(userKnown: true, postKnown: true);
        var newUser = Row(userKnown: false, postKnown: true);

        var k = Contributions(blend, known);
        var n = Contributions(blend, newUser);

        foreach (var s in new[] { BlendSignals.IndexOf("popularity"), BlendSignals.IndexOf("velocity-log"), BlendSignals.IndexOf("freshness") })
        {
            Assert.Equal(2f * k[s], n[s], 5);
        }

        foreach (var s in new[] { BlendSignals.Collaborative, BlendSignals.IndexOf("content"), BlendSignals.IndexOf("author-share"), BlendSignals.IndexOf("follows-author"), BlendSignals.IndexOf("time-match"), BlendSignals.IndexOf("author-popularity") })
        {
            Assert.Equal(k[s], n[s], 5);
        }
    }

    [Fact]
    public void HandBlend_NewPost_StrengthensContentAndAuthorAffinityOnly()
    {
        var blend = UnitBlend(new BlendWeights { NewUserBoost = 1f, NewPostBoost = 3f });
        var k = Contributions(blend, Row(userKnown: true, postKnown: true));
        var n = Contributions(blend, Row(userKnown: true, postKnown: false));

        foreach (var s in new[] { BlendSignals.IndexOf("content"), BlendSignals.IndexOf("author-share"), BlendSignals.IndexOf("follows-author") })
        {
            Assert.Equal(3f * k[s], n[s], 5);
        }

        foreach (var s in new[] { BlendSignals.Collaborative, BlendSignals.IndexOf("freshness"), BlendSignals.IndexOf("popularity"), BlendSignals.IndexOf("time-match") })
        {
            Assert.Equal(k[s], n[s], 5);
        }
    }

    [Fact]
    public void Blend_MissingSignals_CountAsAverage()
    {
        var blend = UnitBlend(new BlendWeights());
        var row = Row(userKnown: true, postKnown: true);
        row[PairFeatureColumns.HasCollaborativeScore] = 0f;
        row[PairFeatureColumns.HasContentSimilarity] = 0f;

        var c = Contributions(blend, row);

        Assert.Equal(0f, c[BlendSignals.Collaborative]);
        Assert.Equal(0f, c[BlendSignals.IndexOf("content")]);
        Assert.NotEqual(0f, c[BlendSignals.IndexOf("freshness")]);
    }

    [Fact]
    public void Trainer_OnAFeedWithEnoughHeldOutEngagements_LearnsABlendThatBeatsTheHandWeights()
    {
        var info = Model.Info;

        Assert.True(info.BlendLearned, info.BlendNote);
        Assert.StartsWith("holdout latest (auto: posts are ", info.BlendNote, StringComparison.Ordinal);
        Assert.Contains("a feed); learned", info.BlendNote, StringComparison.Ordinal);
        Assert.True(info.BlendLearnedAuc >= info.BlendHandAuc);
        Assert.False(HandModel.Value.Info.BlendLearned);
        Assert.Equal("hand weights: LearnBlend is off", HandModel.Value.Info.BlendNote);
    }

    [Theory]
    [MemberData(nameof(Blends))]
    public void NewUser_LeansOnFreshnessAndPopularity(bool learned)
    {
        var ranker = Ranker(model: learned ? Model : HandModel.Value);
        var recent = RecentPosts(3).Where(p => p.AuthorId is not null).ToArray();
        var popular = recent.MaxBy(p => EngagementCount(p.Id))!;
        var unengaged = recent.Where(p => EngagementCount(p.Id) == 0 && Math.Abs((p.CreatedAt - popular.CreatedAt).TotalHours) < 24).MinBy(p => p.Id)!;
        var fresh = new Post("fresh", null, Now.AddHours(-1)) { Tags = ["knitting"] };
        var stale = fresh with { Id = "stale", CreatedAt = Now.AddDays(-6) };

        Assert.Equal(["fresh", "stale"], ranker.Rank("someone-new", [stale, fresh]).Select(r => r.PostId));
        Assert.Equal([popular.Id, unengaged.Id], ranker.Rank("someone-new", [unengaged, popular]).Select(r => r.PostId));
    }

    [Theory]
    [MemberData(nameof(Blends))]
    public void NewUser_WithAContentProfile_LeansOnContent(bool learned)
    {
        var ranker = Ranker(model: learned ? Model : HandModel.Value);
        var cooking = Feed.Posts.Where(p => p.Tags[0] == "cooking").Take(10).ToArray();
        var history = cooking.Select(p => new Engagement("someone-new", p.Id, EngagementKind.Like, Now.AddHours(-2)));
        var profile = ranker.Model.Content.BuildProfile(history, null, Clock());
        var onTopic = new Post("on-topic", null, Now.AddHours(-1)) { Tags = ["cooking", "baking"], Text = "homemade pasta" };
        var offTopic = onTopic with { Id = "off-topic", Tags = ["football", "tactics"], Text = "the high press" };

        var withProfile = ranker.Rank(new RankingUser("someone-new") { Profile = profile }, [offTopic, onTopic], null, 10);

        Assert.Equal(["on-topic", "off-topic"], withProfile.Select(r => r.PostId));
        Assert.True(withProfile[0].Score > withProfile[1].Score);
    }

    [Theory]
    [MemberData(nameof(Blends))]
    public void NewPost_LeansOnContentAuthorAffinityAndFreshness(bool learned)
    {
        var ranker = Ranker(model: learned ? Model : HandModel.Value);
        var profile = ClearTasteUser();
        var topic = profile.Topics[0];
        var other = Feed.Topics.First(t => t != topic);
        var stranger = Feed.Profiles.First(p => p.IsAuthor && !profile.FavouriteAuthors.Contains(p.UserId) && EngagementsWithAuthor(profile.UserId, p.UserId) == 0).UserId;
        var at = Now.AddHours(-2);
        Post[] candidates =
        [
            new("topic-by-favourite", profile.FavouriteAuthors[0], at) { Tags = [topic] },
            new("topic-by-stranger", stranger, at) { Tags = [topic] },
            new("other-by-stranger", stranger, at) { Tags = [other] },
            new("other-by-stranger-old", stranger, at.AddDays(-5)) { Tags = [other] },
        ];

        var ranked = ranker.Rank(profile.UserId, candidates);

        Assert.Equal(["topic-by-favourite", "topic-by-stranger", "other-by-stranger", "other-by-stranger-old"], ranked.Select(r => r.PostId));
        Assert.All(ranked, r => Assert.Equal(RecommendationSource.ColdStart, r.Source));
    }

    internal static Recommender.SampleData.SampleUserProfile ClearTasteUser() =>
        Feed.Profiles.Where(p => p.Topics.Count == 1 && p.FavouriteAuthors.Count > 0 && !p.IsAuthor)
            .OrderByDescending(p => Feed.Engagements.Count(e => e.UserId == p.UserId)).ThenBy(p => p.UserId, StringComparer.Ordinal).First();

    private static int EngagementCount(string postId) => Feed.Engagements.Count(e => e.PostId == postId);

    private static int EngagementsWithAuthor(string userId, string authorId)
    {
        var posts = Feed.Posts.Where(p => p.AuthorId == authorId).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return Feed.Engagements.Count(e => e.UserId == userId && posts.Contains(e.PostId));
    }

    private static BlendModel UnitBlend(BlendWeights weights)
    {
        var means = new float[BlendSignals.Count];
        var inverseStd = Enumerable.Repeat(1f, BlendSignals.Count).ToArray();
        return BlendModel.FromHandWeights(weights, means, inverseStd, new BlendDiagnostics(0, 0, double.NaN, double.NaN, "test"));
    }

    private static float[] Row(bool userKnown, bool postKnown)
    {
        var row = new float[F];
        row[PairFeatureColumns.CollaborativeScore] = 0.7f;
        row[PairFeatureColumns.HasCollaborativeScore] = 1f;
        row[PairFeatureColumns.ContentSimilarity] = 0.4f;
        row[PairFeatureColumns.HasContentSimilarity] = 1f;
        row[PairFeatureColumns.AuthorEngagementShare] = 0.3f;
        row[PairFeatureColumns.FollowsAuthor] = 1f;
        row[PairFeatureColumns.TimeMatch] = 0.2f;
        row[PairFeatureColumns.Freshness] = 0.9f;
        row[PairFeatureColumns.PostPopularity] = 2f;
        row[PairFeatureColumns.PostVelocity] = 1.5f;
        row[PairFeatureColumns.AuthorPopularity] = 3f;
        row[PairFeatureColumns.UserKnown] = userKnown ? 1f : 0f;
        row[PairFeatureColumns.PostKnown] = postKnown ? 1f : 0f;
        return row;
    }

    private static float[] Contributions(BlendModel blend, float[] row)
    {
        var c = new float[BlendSignals.Count];
        blend.Contributions(row, c);
        return c;
    }
}
