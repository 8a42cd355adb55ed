using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// Validates candidate blends the way the recommend task measures them: for each user kept aside, every post of the
/// catalogue they have not engaged with is scored by each blend, and NDCG@10 of their held-out engagements is
/// averaged over the users. Features are computed once per user and shared by the blends.
/// </summary>
internal sealed class CatalogueValidation(FeatureExtractor extractor, SettableTimeProvider clock, DateTimeOffset at, IReadOnlyList<(string UserId, HashSet<int> HeldOut, byte Fold)> users)
{
    private const int K = 10;

    /// <summary>The users validated on.</summary>
    public int Users => users.Count;

    /// <summary>NDCG@10 of each blend (first index) for each user of the fold, in order (second index).</summary>
    public double[][] Ndcg(IReadOnlyList<BlendModel> blends, int fold, CancellationToken cancellationToken)
    {
        var np = extractor.Store.Posts.Count;
        var members = users.Where(u => u.Fold == fold).ToArray();
        var perUser = new double[blends.Count][];
        for (var b = 0; b < blends.Count; b++)
        {
            perUser[b] = new double[np == 0 ? 0 : members.Length];
        }

        if (members.Length == 0 || np == 0)
        {
            return perUser;
        }

        var scan = new CatalogueScan(extractor, K);
        clock.UtcNow = at;
        for (var u = 0; u < members.Length; u++)
        {
            var (userId, heldOut, _) = members[u];
            cancellationToken.ThrowIfCancellationRequested();
            scan.Load(userId);
            var ideal = 0.0;
            for (var r = 0; r < Math.Min(K, heldOut.Count); r++)
            {
                ideal += 1 / Math.Log2(r + 2);
            }

            for (var b = 0; b < blends.Count; b++)
            {
                var top = scan.NewTop();
                for (var p = 0; p < np; p++)
                {
                    var row = scan.Row(p);
                    if (row[PairFeatureColumns.AlreadySeen] == 0f)
                    {
                        top.Offer(blends[b].Logit(row), p);
                    }
                }

                var best = scan.Drain(ref top);
                var dcg = 0.0;
                for (var r = 0; r < best.Length; r++)
                {
                    dcg += heldOut.Contains(best[r].Index) ? 1 / Math.Log2(r + 2) : 0;
                }

                perUser[b][u] = dcg / ideal;
            }
        }

        return perUser;
    }
}
