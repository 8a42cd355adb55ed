using Recommender.Features;
using Recommender.Ranking;

namespace Recommender.Core.Tests.Ranking;

/// <summary>The blend's choice on a catalogue holdout, on synthetic pools where the truth is known.</summary>
public class BlendFitterTests
{
    private const int F = PairFeatureColumns.Count;
    private const int Users = 240;
    private const int PerUser = 60;

    /// <summary>
    /// Pool groups only (one per user): the relevant posts are each user's best three by
    /// <c>collaborative + coWeight × co-engagement</c>; popularity and content are noise.
    /// </summary>
    private static (float[] Rows, byte[] Labels, int[] Groups, byte[] Folds) Pools(float coWeight, int seed)
    {
        var random = new Random(seed);
        var rows = new float[Users * PerUser * F];
        var labels = new byte[Users * PerUser];
        var groups = new int[Users * PerUser];
        var folds = new byte[Users];
        var truth = new float[PerUser];
        for (var u = 0; u < Users; u++)
        {
            folds[u] = (byte)(u % 2);
            for (var i = 0; i < PerUser; i++)
            {
                var r = rows.AsSpan(((u * PerUser) + i) * F, F);
                r[PairFeatureColumns.CollaborativeScore] = (float)random.NextDouble();
                r[PairFeatureColumns.HasCollaborativeScore] = 1f;
                r[PairFeatureColumns.CoEngagementScore] = (float)random.NextDouble();
                r[PairFeatureColumns.HasCoEngagementScore] = 1f;
                r[PairFeatureColumns.ContentSimilarity] = (float)random.NextDouble();
                r[PairFeatureColumns.HasContentSimilarity] = 1f;
                r[PairFeatureColumns.PostPopularity] = (float)random.NextDouble() * 5;
                r[PairFeatureColumns.UserKnown] = 1f;
                r[PairFeatureColumns.PostKnown] = 1f;
                truth[i] = r[PairFeatureColumns.CollaborativeScore] + (coWeight * r[PairFeatureColumns.CoEngagementScore]);
                groups[(u * PerUser) + i] = u;
            }

            foreach (var best in Enumerable.Range(0, PerUser).OrderByDescending(i => truth[i]).Take(3))
            {
                labels[(u * PerUser) + best] = 1;
            }
        }

        return (rows, labels, groups, folds);
    }

    /// <summary>NDCG@10 of each blend for each user of a fold, over that user's pool (the synthetic "catalogue").</summary>
    private static Func<IReadOnlyList<BlendModel>, int, double[][]> Catalogue(float[] rows, byte[] labels, byte[] folds) => (blends, fold) =>
    {
        var users = Enumerable.Range(0, Users).Where(u => folds[u] == fold).ToArray();
        return blends.Select(blend => users.Select(u =>
        {
            var ranked = Enumerable.Range(0, PerUser)
                .OrderByDescending(i => blend.Logit(rows.AsSpan(((u * PerUser) + i) * F, F)))
                .ThenBy(i => i)
                .Take(10)
                .ToArray();
            var dcg = ranked.Select((i, rank) => labels[(u * PerUser) + i] / Math.Log2(rank + 2)).Sum();
            var ideal = Enumerable.Range(0, 3).Sum(rank => 1 / Math.Log2(rank + 2));
            return dcg / ideal;
        }).ToArray()).ToArray();
    };

    [Fact]
    public void Fit_CatalogueHoldout_WhenOnlyTheCollaborativeScoreMatters_KeepsItAlone()
    {
        var (rows, labels, groups, folds) = Pools(coWeight: 0f, seed: 1);

        var blend = BlendFitter.Fit(rows, labels, groups, folds, default, 0, new BlendWeights(), 7, Catalogue(rows, labels, folds), catalogueOnly: true, TestContext.Current.CancellationToken);

        Assert.StartsWith("collaborative score alone (collaborative 1.0000", blend.Diagnostics.Note, StringComparison.Ordinal);
        Assert.False(blend.Learned);
    }

    [Fact]
    public void Fit_CatalogueHoldout_WhenCoEngagementAddsInformation_LearnsToUseIt()
    {
        var (rows, labels, groups, folds) = Pools(coWeight: 0.5f, seed: 2);

        var blend = BlendFitter.Fit(rows, labels, groups, folds, default, 0, new BlendWeights(), 7, Catalogue(rows, labels, folds), catalogueOnly: true, TestContext.Current.CancellationToken);

        Assert.True(blend.Learned, blend.Diagnostics.Note);
        Assert.DoesNotContain("not enough", blend.Diagnostics.Note, StringComparison.Ordinal);
        Assert.True(blend.Weights[BlendSignals.IndexOf("co-engagement")] > 0.1f * blend.Weights[BlendSignals.Collaborative], blend.Diagnostics.Note);
        Assert.True(blend.Weights[BlendSignals.Collaborative] > 0f, blend.Diagnostics.Note);
    }

    [Fact]
    public void Fit_PoolsOnly_TheNoteSaysWhyTheFeedAucIsMissing_WithoutNaN()
    {
        var (rows, labels, groups, folds) = Pools(coWeight: 0.5f, seed: 2);

        var note = BlendFitter.Fit(rows, labels, groups, folds, default, 0, new BlendWeights(), 7, Catalogue(rows, labels, folds), catalogueOnly: true, TestContext.Current.CancellationToken).Diagnostics.Note;

        Assert.Contains("; cross-fitted catalogue NDCG@10: learned 0.", note, StringComparison.Ordinal);
        Assert.Contains("; feed AUC not measured: no feed groups in the holdout; guard (catalogue NDCG@10, ", note, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", note, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fit_FeedGroupsWithoutCatalogueUsers_TheNoteSaysWhyTheNdcgIsMissing()
    {
        // The same groups as feed groups (every group before the first pool group), and no catalogue validation.
        var (rows, labels, groups, folds) = Pools(coWeight: 0.5f, seed: 2);

        var note = BlendFitter.Fit(rows, labels, groups, folds, default, int.MaxValue, new BlendWeights(), 7, null, catalogueOnly: false, TestContext.Current.CancellationToken).Diagnostics.Note;

        Assert.Contains("; cross-fitted feed AUC: learned 0.", note, StringComparison.Ordinal);
        Assert.Contains("; catalogue NDCG@10 not measured: no held-out user to validate on the whole catalogue; guard (feed NDCG@10, ", note, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", note, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fit_NoMeasureAtAll_TheNoteSaysWhyForBoth()
    {
        var (rows, labels, groups, folds) = Pools(coWeight: 0.5f, seed: 2);

        var note = BlendFitter.Fit(rows, labels, groups, folds, default, 0, new BlendWeights(), 7, null, catalogueOnly: true, TestContext.Current.CancellationToken).Diagnostics.Note;

        // Nothing shows the learned blend beats its parts: the guard ships the hand weights.
        Assert.EndsWith("; feed AUC and catalogue NDCG@10 not measured: no feed groups in the holdout, and no held-out user to validate on the whole catalogue; guard: no held-out user to measure on: ships hand weights", note, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", note, StringComparison.OrdinalIgnoreCase);
    }
}
