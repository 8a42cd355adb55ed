using Recommender.Content;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Ranking;

public sealed partial class HybridRanker
{
    /// <summary>Below this contribution to the logit a signal is not worth mentioning.</summary>
    private const float ReasonThreshold = 0.15f;

    /// <summary>The strongest positive signals of one result, in words.</summary>
    private string[] Explain(in RankingUser user, Post post, ReadOnlySpan<float> row)
    {
        Span<float> contributions = stackalloc float[BlendSignals.Count];
        Model.Blend.Contributions(row, contributions);
        Span<int> order = stackalloc int[BlendSignals.Count];
        for (var s = 0; s < order.Length; s++)
        {
            order[s] = s;
        }

        for (var i = 1; i < order.Length; i++)
        {
            for (var j = i; j > 0 && contributions[order[j]] > contributions[order[j - 1]]; j--)
            {
                (order[j], order[j - 1]) = (order[j - 1], order[j]);
            }
        }

        var reasons = new List<string>(_options.MaxReasons);
        foreach (var s in order)
        {
            if (reasons.Count >= _options.MaxReasons || contributions[s] < ReasonThreshold)
            {
                break;
            }

            var phrase = Phrase(user, post, row, s);
            if (phrase is not null && !reasons.Contains(phrase))
            {
                reasons.Add(phrase);
            }
        }

        return [.. reasons];
    }

    private string? Phrase(in RankingUser user, Post post, ReadOnlySpan<float> row, int signal) => signal switch
    {
        // Both collaborative signals read the same to a user, and say it once.
        BlendSignals.Collaborative or BlendSignals.CoEngagement => "popular with people who like what you like",
        BlendSignals.Content => ContentPhrase(user, post),
        BlendSignals.AuthorShare => "from an author you often engage with",
        BlendSignals.FollowsAuthor => row[PairFeatureColumns.Freshness] >= 0.5f ? "new from an author you follow" : "from an author you follow",
        BlendSignals.Freshness => "new",
        BlendSignals.Popularity or BlendSignals.VelocityLog => "trending now",
        BlendSignals.AuthorPopularity => "from a popular author",
        _ => null,
    };

    private string? ContentPhrase(in RankingUser user, Post post)
    {
        if (!user.Personalized)
        {
            return null;
        }

        var content = Model.Content;
        ContentReason? reason;
        if (user.Profile is { } profile)
        {
            reason = content.StrongestReason(profile.Terms, profile.Weights, post);
        }
        else if (content.Users.TryGetIndex(user.UserId, out var u))
        {
            reason = content.StrongestReason(content.GetProfileTerms(u), content.GetProfileWeights(u), post);
        }
        else
        {
            reason = null;
        }

        if (reason is not { } top)
        {
            return "similar to posts you engaged with";
        }

        return top.Kind switch
        {
            ContentTermKind.Tag => $"because you liked posts tagged #{top.Value}",
            ContentTermKind.Author => $"because you liked posts by {top.Value}",
            _ => $"because you read about \"{top.Value}\"",
        };
    }
}
