using Recommender.Features;
using Recommender.Ranking;

namespace Recommender.Core.Tests.Ranking;

/// <summary>The blend guard: a learned blend ships only when it beats the hand weights and every signal alone on held-out users.</summary>
public class BlendGuardTests
{
    private const int F = PairFeatureColumns.Count;
    private const int Users = 200;
    private const int GroupsPerUser = 3;
    private const int PerGroup = 9;

    /// <summary>
    /// Feed groups (one engagement and eight other posts each), three per user; the engaged post is the one of its group
    /// best by <paramref name="truth"/>. Every signal the rows carry is uniform noise otherwise.
    /// </summary>
    private static (float[] Rows, byte[] Labels, int[] Groups, byte[] Folds, int[] GroupUsers) Feed(Func<float[], float> truth, int seed)
    {
        var random = new Random(seed);
        var n = Users * GroupsPerUser * PerGroup;
        var rows = new float[n * F];
        var labels = new byte[n];
        var groups = new int[n];
        var folds = new byte[Users * GroupsPerUser];
        var groupUsers = new int[Users * GroupsPerUser];
        for (var g = 0; g < Users * GroupsPerUser; g++)
        {
            var user = g / GroupsPerUser;
            folds[g] = (byte)(user % 2);
            groupUsers[g] = user;
            var best = -1;
            var bestTruth = float.NegativeInfinity;
            for (var i = 0; i < PerGroup; i++)
            {
                var at = (g * PerGroup) + i;
                var r = rows.AsSpan(at * F, F);
                r[PairFeatureColumns.CollaborativeScore] = (float)random.NextDouble();
                r[PairFeatureColumns.HasCollaborativeScore] = 1f;
                r[PairFeatureColumns.CoEngagementScore] = (float)random.NextDouble();
                r[PairFeatureColumns.HasCoEngagementScore] = 1f;
                r[PairFeatureColumns.ContentSimilarity] = (float)random.NextDouble();
                r[PairFeatureColumns.HasContentSimilarity] = 1f;
                r[PairFeatureColumns.PostPopularity] = (float)random.NextDouble();
                r[PairFeatureColumns.Freshness] = (float)random.NextDouble();
                r[PairFeatureColumns.UserKnown] = 1f;
                r[PairFeatureColumns.PostKnown] = 1f;
                groups[at] = g;
                var t = truth(r.ToArray());
                if (t > bestTruth)
                {
                    bestTruth = t;
                    best = at;
                }
            }

            labels[best] = 1;
        }

        return (rows, labels, groups, folds, groupUsers);
    }

    private static BlendModel Fit((float[] Rows, byte[] Labels, int[] Groups, byte[] Folds, int[] GroupUsers) data, int seed = 7) =>
        BlendFitter.Fit(data.Rows, data.Labels, data.Groups, data.Folds, data.GroupUsers, int.MaxValue, new BlendWeights(), seed, null, catalogueOnly: false, TestContext.Current.CancellationToken);

    /// <summary>The engaged post is always the one most similar to the user's profile: content alone is the best ranking there is.</summary>
    private static float ContentOnly(float[] r) => r[PairFeatureColumns.ContentSimilarity];

    /// <summary>Three signals matter, one of them against the hand weights' sign: only a learned blend gets it right.</summary>
    private static float Mixed(float[] r) =>
        r[PairFeatureColumns.ContentSimilarity] + r[PairFeatureColumns.CollaborativeScore] - r[PairFeatureColumns.PostPopularity] + r[PairFeatureColumns.Freshness];

    [Fact]
    public void Fit_WhenOneSignalAloneIsBest_ShipsThatSignal()
    {
        var blend = Fit(Feed(ContentOnly, seed: 1));

        Assert.False(blend.Learned, blend.Diagnostics.Note);
        Assert.StartsWith("content alone (content 1.0000)", blend.Diagnostics.Note, StringComparison.Ordinal);
        Assert.EndsWith(": ships content alone", blend.Diagnostics.Note, StringComparison.Ordinal);
        var content = BlendSignals.IndexOf("content");
        for (var j = 0; j < blend.Weights.Length; j++)
        {
            Assert.Equal(j == content ? 1f : 0f, blend.Weights[j]);
        }
    }

    [Fact]
    public void Fit_WhenTheLearnedBlendIsClearlyBest_ShipsIt()
    {
        var blend = Fit(Feed(Mixed, seed: 2));

        Assert.True(blend.Learned, blend.Diagnostics.Note);
        Assert.Matches(@": ships learned( and refined)?$", blend.Diagnostics.Note);
        Assert.True(blend.Weights[BlendSignals.IndexOf("popularity")] < 0f, blend.Diagnostics.Note);
    }

    [Fact]
    public void Fit_TheNoteStatesBothMeansAndTheIntervalOfTheDifference()
    {
        var blend = Fit(Feed(Mixed, seed: 2));

        Assert.Matches(
            @"; guard \(feed NDCG@10, 200 users\): learned( and refined)? 0\.\d{4} vs [a-z-]+( alone| weights) 0\.\d{4} \[\+0\.\d{4}, \+0\.\d{4}\]: ships learned( and refined)?$",
            blend.Diagnostics.Note);
        Assert.Equal(blend.Diagnostics.Note[(blend.Diagnostics.Note.IndexOf("guard (", StringComparison.Ordinal))..], blend.Diagnostics.GuardNote);
    }

    [Fact]
    public void Fit_SameSeedAndData_SameDecisionAndWeights()
    {
        var data = Feed(Mixed, seed: 3);

        var a = Fit(data, seed: 11);
        var b = Fit(data, seed: 11);

        Assert.Equal(a.Diagnostics.Note, b.Diagnostics.Note);
        Assert.Equal(a.Weights.ToArray(), b.Weights.ToArray());
    }

    [Fact]
    public void Decide_NoteText_NamesTheBestAlternativeAndTheInterval()
    {
        double[] learned = [0.30, 0.40, 0.50, 0.60];
        double[] hand = [0.10, 0.20, 0.30, 0.40];
        double[] content = [0.20, 0.30, 0.40, 0.50];

        var decision = BlendGuard.Decide("learned", learned, ["hand weights", "content alone"], [hand, content], "feed NDCG@10", seed: 5);

        // Every user gains exactly 0.1 over content alone: the interval is that one value.
        Assert.True(decision.ShipsLearned);
        Assert.Equal("guard (feed NDCG@10, 4 users): learned 0.4500 vs content alone 0.3500 [+0.1000, +0.1000]: ships learned", decision.Note);
    }

    [Fact]
    public void Decide_ALearnedBlendThatOnlyTies_DoesNotShip()
    {
        double[] same = [0.2, 0.4, 0.1, 0.3];

        var decision = BlendGuard.Decide("learned", same, ["hand weights", "content alone"], [[0.1, 0.1, 0.1, 0.1], same], "feed NDCG@10", seed: 5);

        Assert.False(decision.ShipsLearned);
        Assert.Equal(1, decision.Alternative);
        Assert.EndsWith("[0.0000, 0.0000]: ships content alone", decision.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AGainWithinTheNoise_DoesNotShip_AndTheSameSeedGivesTheSameInterval()
    {
        var random = new Random(3);
        var alternative = Enumerable.Range(0, 50).Select(_ => random.NextDouble()).ToArray();
        var learned = alternative.Select((v, i) => v + (i % 2 == 0 ? 0.3 : -0.28)).ToArray();

        var a = BlendGuard.Decide("learned", learned, ["hand weights"], [alternative], "catalogue NDCG@10", seed: 9);
        var b = BlendGuard.Decide("learned", learned, ["hand weights"], [alternative], "catalogue NDCG@10", seed: 9);

        Assert.False(a.ShipsLearned, a.Note);
        Assert.Equal(a, b);
    }
}
