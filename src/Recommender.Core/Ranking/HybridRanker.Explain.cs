using Recommender.Content;
using Recommender.Data;

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

            var phrase = BlendSignals.All[s].Reason?.Invoke(new ReasonContext(this, user, post, row));
            if (phrase is not null && !reasons.Contains(phrase))
            {
                reasons.Add(phrase);
            }
        }

        return [.. reasons];
    }

    internal string? ContentPhrase(in RankingUser user, Post post)
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

/// <summary>What a signal's explanation (<see cref="BlendSignal.Reason"/>) may look at.</summary>
internal delegate string? SignalReason(in ReasonContext context);

/// <summary>One result being explained: its pair-feature row, and the ranker, user and post for what needs the models.</summary>
internal readonly ref struct ReasonContext
{
    private readonly HybridRanker _ranker;
    private readonly RankingUser _user;
    private readonly Post _post;

    public ReasonContext(HybridRanker ranker, in RankingUser user, Post post, ReadOnlySpan<float> row)
    {
        _ranker = ranker;
        _user = user;
        _post = post;
        Row = row;
    }

    /// <summary>The result's pair-feature row.</summary>
    public ReadOnlySpan<float> Row { get; }

    /// <summary>What the user's content profile and the post share most, in words; null when the ranking is not personal.</summary>
    public string? ContentReason() => _ranker.ContentPhrase(_user, _post);
}
