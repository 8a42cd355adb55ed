using System.Runtime.CompilerServices;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// The signal table: every signal of the hybrid blend, one entry each, in the order of the blend's arrays. It is the
/// one place that maps a signal to its pair-feature column, missing flag, hand weight, new-user or new-post boost,
/// explanation and the blend layout that introduced it. <see cref="Read"/>, <see cref="BlendModel"/> (logit, inputs,
/// hand weights, save and load), <see cref="BlendFitter"/>, <see cref="BlendWeights"/>' validation and the ranker's
/// explanations are all generated from it.
/// <para>
/// Adding a signal is one new entry at the end of <see cref="All"/> (layout <see cref="BlendModel.NamedLayout"/>) plus
/// its filler (the pair-feature column it reads: an existing one, or a new <see cref="PairFeatureColumns"/> column
/// that <see cref="FeatureExtractor"/> fills) and its test; a <see cref="BlendWeights"/> property too if hosts are to
/// set its hand weight. Nothing else changes: saved blends name their signals, so older files load with the new
/// signal at weight 0. Never rename or reorder the entries of layouts 1 and 2: older files hold them by position.
/// </para>
/// </summary>
internal static class BlendSignals
{
    /// <summary>
    /// One line a signal: its name, the pair-feature column it reads, its hand weight (the <see cref="BlendWeights"/>
    /// property the lambda reads) and the layout that introduced it; then, where they apply, its missing flag, its
    /// transform, its boost group and what it says to a user.
    /// </summary>
    public static readonly BlendSignal[] All =
    [
        new("collaborative", PairFeatureColumns.CollaborativeScore, Hand(static w => w.Collaborative), BlendModel.FirstLayout) { MissingFlag = PairFeatureColumns.HasCollaborativeScore, Reason = Says("popular with people who like what you like") },
        new("content", PairFeatureColumns.ContentSimilarity, Hand(static w => w.Content), BlendModel.FirstLayout) { MissingFlag = PairFeatureColumns.HasContentSimilarity, Boost = BoostGroup.NewPost, Reason = static (in ReasonContext c) => c.ContentReason() },
        new("author-share", PairFeatureColumns.AuthorEngagementShare, Hand(static w => w.AuthorAffinity), BlendModel.FirstLayout) { Boost = BoostGroup.NewPost, Reason = Says("from an author you often engage with") },
        new("follows-author", PairFeatureColumns.FollowsAuthor, Hand(static w => w.FollowsAuthor), BlendModel.FirstLayout) { Boost = BoostGroup.NewPost, Reason = FollowsAuthorReason },
        new("time-match", PairFeatureColumns.TimeMatch, Hand(static w => w.TimeMatch), BlendModel.FirstLayout),
        new("freshness", PairFeatureColumns.Freshness, Hand(static w => w.Freshness), BlendModel.FirstLayout) { Boost = BoostGroup.NewUser, Reason = Says("new") },
        new("popularity", PairFeatureColumns.PostPopularity, Hand(static w => w.Popularity), BlendModel.FirstLayout) { Boost = BoostGroup.NewUser, Reason = Says("trending now") },
        new("velocity-log", PairFeatureColumns.PostVelocity, Hand(static w => w.Velocity), BlendModel.FirstLayout) { Transform = SignalTransform.Log1p, Boost = BoostGroup.NewUser, Reason = Says("trending now") },
        new("author-popularity", PairFeatureColumns.AuthorPopularity, Hand(static w => w.AuthorPopularity), BlendModel.FirstLayout) { Reason = Says("from a popular author") },
        new("already-seen", PairFeatureColumns.AlreadySeen, Hand(static w => w.AlreadySeen), BlendModel.FirstLayout),

        // Missing for a user without positive history or a post the store does not know; it reads like the
        // collaborative score to a user (explanations say it once).
        new("co-engagement", PairFeatureColumns.CoEngagementScore, Hand(static w => w.CoEngagement), BlendModel.CoEngagementLayout) { MissingFlag = PairFeatureColumns.HasCoEngagementScore, Reason = Says("popular with people who like what you like") },
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

    /// <summary>A new post from an author the user follows says so.</summary>
    private static string FollowsAuthorReason(in ReasonContext c) =>
        c.Row[PairFeatureColumns.Freshness] >= 0.5f ? "new from an author you follow" : "from an author you follow";

    /// <summary>
    /// A hand weight, named after the property its lambda reads (<c>static w => w.Popularity</c> reads Popularity; a
    /// lambda that reads no property, such as <c>static _ => 0.3f</c>, is a fixed weight that hosts cannot set).
    /// </summary>
    private static HandWeight Hand(Func<BlendWeights, float> read, [CallerArgumentExpression(nameof(read))] string expression = "")
    {
        var body = expression[(expression.IndexOf("=>", StringComparison.Ordinal) + 2)..].Trim();
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var property = dot > 0 && dot + 1 < body.Length && char.IsLetter(body[dot + 1]) && body[(dot + 1)..].All(char.IsLetterOrDigit) ? body[(dot + 1)..] : null;
        return new HandWeight(read, property);
    }
}
