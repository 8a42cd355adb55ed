using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// The signal table: every signal of the hybrid blend, one entry each, in the order of the blend's arrays. It is the
/// one place that maps a signal to its pair-feature column, missing flag, hand weight, new-user or new-post boost,
/// explanation and the blend layout that introduced it. <see cref="Read"/>, <see cref="BlendModel"/> (logit, inputs,
/// hand weights, save and load), <see cref="BlendFitter"/>, <see cref="BlendWeights"/>' validation and the ranker's
/// explanations are all generated from it.
/// <para>
/// Adding a signal is one new entry at the end of <see cref="All"/> (with <c>Since = BlendModel.NamedLayout</c>) plus
/// its filler (the pair-feature column it reads: an existing one, or a new <see cref="PairFeatureColumns"/> column
/// that <see cref="FeatureExtractor"/> fills) and its test. Nothing else changes: saved blends store signal names,
/// so older files load with the new signal at weight 0. Never rename or reorder the entries of layouts 1 and 2:
/// files written before names were stored hold them by position.
/// </para>
/// </summary>
internal static class BlendSignals
{
    public static readonly BlendSignal[] All =
    [
        new()
        {
            Name = "collaborative", Column = PairFeatureColumns.CollaborativeScore, MissingFlag = PairFeatureColumns.HasCollaborativeScore,
            HandWeight = static w => w.Collaborative, HandWeightName = nameof(BlendWeights.Collaborative),
            Reason = Says("popular with people who like what you like"), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "content", Column = PairFeatureColumns.ContentSimilarity, MissingFlag = PairFeatureColumns.HasContentSimilarity,
            HandWeight = static w => w.Content, HandWeightName = nameof(BlendWeights.Content), Boost = BoostGroup.NewPost,
            Reason = static (in ReasonContext c) => c.ContentReason(), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "author-share", Column = PairFeatureColumns.AuthorEngagementShare,
            HandWeight = static w => w.AuthorAffinity, HandWeightName = nameof(BlendWeights.AuthorAffinity), Boost = BoostGroup.NewPost,
            Reason = Says("from an author you often engage with"), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "follows-author", Column = PairFeatureColumns.FollowsAuthor,
            HandWeight = static w => w.FollowsAuthor, HandWeightName = nameof(BlendWeights.FollowsAuthor), Boost = BoostGroup.NewPost,
            Reason = static (in ReasonContext c) => c.Row[PairFeatureColumns.Freshness] >= 0.5f ? "new from an author you follow" : "from an author you follow",
            Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "time-match", Column = PairFeatureColumns.TimeMatch,
            HandWeight = static w => w.TimeMatch, HandWeightName = nameof(BlendWeights.TimeMatch), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "freshness", Column = PairFeatureColumns.Freshness,
            HandWeight = static w => w.Freshness, HandWeightName = nameof(BlendWeights.Freshness), Boost = BoostGroup.NewUser,
            Reason = Says("new"), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "popularity", Column = PairFeatureColumns.PostPopularity,
            HandWeight = static w => w.Popularity, HandWeightName = nameof(BlendWeights.Popularity), Boost = BoostGroup.NewUser,
            Reason = Says("trending now"), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "velocity-log", Column = PairFeatureColumns.PostVelocity, Transform = SignalTransform.Log1p,
            HandWeight = static w => w.Velocity, HandWeightName = nameof(BlendWeights.Velocity), Boost = BoostGroup.NewUser,
            Reason = Says("trending now"), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "author-popularity", Column = PairFeatureColumns.AuthorPopularity,
            HandWeight = static w => w.AuthorPopularity, HandWeightName = nameof(BlendWeights.AuthorPopularity),
            Reason = Says("from a popular author"), Since = BlendModel.FirstLayout,
        },
        new()
        {
            Name = "already-seen", Column = PairFeatureColumns.AlreadySeen,
            HandWeight = static w => w.AlreadySeen, HandWeightName = nameof(BlendWeights.AlreadySeen), Since = BlendModel.FirstLayout,
        },
        new()
        {
            // Missing for a user without positive history or a post the store does not know. It reads like the
            // collaborative score to a user, and says so once.
            Name = "co-engagement", Column = PairFeatureColumns.CoEngagementScore, MissingFlag = PairFeatureColumns.HasCoEngagementScore,
            HandWeight = static w => w.CoEngagement, HandWeightName = nameof(BlendWeights.CoEngagement),
            Reason = Says("popular with people who like what you like"), Since = BlendModel.CoEngagementLayout,
        },
    ];

    /// <summary>The number of signals.</summary>
    public static readonly int Count = All.Length;

    /// <summary>The collaborative score's index (the fitter's "collaborative score alone" contender).</summary>
    public static readonly int Collaborative = IndexOf("collaborative");

    /// <summary>The index of the signal with this name, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var s = 0; s < All.Length; s++)
        {
            if (All[s].Name == name)
            {
                return s;
            }
        }

        return -1;
    }

    /// <summary>Reads one row's signals; returns a bit mask of the missing ones (1 &lt;&lt; signal).</summary>
    public static int Read(ReadOnlySpan<float> row, Span<float> signals, out bool newUser, out bool newPost)
    {
        var missing = 0;
        for (var s = 0; s < All.Length; s++)
        {
            signals[s] = All[s].Read(row);
            if (All[s].IsMissing(row))
            {
                missing |= 1 << s;
            }
        }

        newUser = row[PairFeatureColumns.UserKnown] == 0f;
        newPost = row[PairFeatureColumns.PostKnown] == 0f;
        return missing;
    }

    private static SignalReason Says(string text) => (in ReasonContext _) => text;
}
