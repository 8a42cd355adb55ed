using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// Validates candidate blends the way the recommend task measures them: for each user kept aside, every post of the
/// catalogue they have not engaged with is scored by each blend, and NDCG@10 of their held-out engagements is
/// averaged over the users (ties counted against the held-out posts). Features are computed once per user and shared by the blends.
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
        var held = new List<float>();
        var isHeld = new bool[np];
        clock.UtcNow = at;
        for (var u = 0; u < members.Length; u++)
        {
            var (userId, heldOut, _) = members[u];
            cancellationToken.ThrowIfCancellationRequested();
            scan.Load(userId);
            foreach (var p in heldOut)
            {
                isHeld[p] = true;
            }

            var ideal = 0.0;
            for (var r = 0; r < Math.Min(K, heldOut.Count); r++)
            {
                ideal += 1 / Math.Log2(r + 2);
            }

            for (var b = 0; b < blends.Count; b++)
            {
                // Ties count against the held-out posts (pessimistic): a held-out post ranks below every other post
                // scored as high, so a blend that cannot tell posts apart gains nothing from the catalogue's order.
                var top = scan.NewTop();
                held.Clear();
                for (var p = 0; p < np; p++)
                {
                    var row = scan.Row(p);
                    if (row[PairFeatureColumns.AlreadySeen] != 0f)
                    {
                        continue;
                    }

                    var score = blends[b].Logit(row);
                    if (isHeld[p])
                    {
                        held.Add(score);
                    }
                    else
                    {
                        top.Offer(score, p);
                    }
                }

                var best = scan.Drain(ref top);
                held.Sort(static (x, y) => y.CompareTo(x));
                var dcg = 0.0;
                for (var i = 0; i < held.Count && i < K; i++)
                {
                    var above = 0;
                    while (above < best.Length && best[above].Score >= held[i])
                    {
                        above++;
                    }

                    var rank = above + i;
                    dcg += rank < K ? 1 / Math.Log2(rank + 2) : 0;
                }

                perUser[b][u] = dcg / ideal;
            }

            foreach (var p in heldOut)
            {
                isHeld[p] = false;
            }
        }

        return perUser;
    }
}
