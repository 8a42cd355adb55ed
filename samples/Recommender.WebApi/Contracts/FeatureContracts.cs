using Recommender.Data;
using Recommender.Features;

namespace Recommender.WebApi.Contracts;

/// <summary>
/// GET /api/v1/features/user/{userId}: the SDK's <see cref="UserFeatures"/> with every list labelled: figures by
/// engagement kind keyed by the kind ("view", "click", "like", "comment", "share", "bookmark", "hide", "report"),
/// activity by UTC hour keyed "00" to "23", by weekday keyed "sunday" to "saturday".
/// </summary>
public sealed record UserFeaturesView(
    string UserId,
    bool IsKnown,
    TimeSpan? AccountAge,
    int TotalEngagements,
    IReadOnlyDictionary<string, int> CountsByKind,
    IReadOnlyDictionary<string, float> RatesByKind,
    IReadOnlyDictionary<string, float> ActivityByHour,
    IReadOnlyDictionary<string, float> ActivityByWeekday,
    IReadOnlyList<WeightedTerm> PreferredTags,
    IReadOnlyList<WeightedTerm> PreferredAuthors,
    int DistinctPosts,
    DateTimeOffset? FirstEngagementAt,
    DateTimeOffset? LastEngagementAt,
    TimeSpan HistorySpan,
    int FollowingCount);

/// <summary>
/// GET /api/v1/features/post/{postId}: the SDK's <see cref="PostFeatures"/> with the figures by engagement kind keyed by
/// the kind, as in <see cref="UserFeaturesView"/>.
/// </summary>
public sealed record PostFeaturesView(
    string PostId,
    bool IsKnown,
    string? AuthorId,
    DateTimeOffset CreatedAt,
    TimeSpan Age,
    IReadOnlyDictionary<string, int> CountsByKind,
    int TotalEngagements,
    int PositiveEngagements,
    int UniqueUsers,
    IReadOnlyDictionary<string, float> VelocityByKind,
    bool AuthorKnown,
    int AuthorFollowers,
    int AuthorPostCount,
    float AuthorPopularity,
    IReadOnlyList<string> Tags,
    int TextLength,
    int WordCount);

/// <summary>The SDK's index-ordered feature lists as labelled objects.</summary>
internal static class FeatureLabels
{
    public static UserFeaturesView ToView(this UserFeatures f) => new(
        f.UserId,
        f.IsKnown,
        f.AccountAge,
        f.TotalEngagements,
        ByKind(f.CountsByKind),
        ByKind(f.RatesByKind),
        Labelled(f.ActivityByHour, h => h.ToString("00", System.Globalization.CultureInfo.InvariantCulture)),
        Labelled(f.ActivityByWeekday, d => JsonNames.Of((DayOfWeek)d)),
        f.PreferredTags,
        f.PreferredAuthors,
        f.DistinctPosts,
        f.FirstEngagementAt,
        f.LastEngagementAt,
        f.HistorySpan,
        f.FollowingCount);

    public static PostFeaturesView ToView(this PostFeatures f) => new(
        f.PostId,
        f.IsKnown,
        f.AuthorId,
        f.CreatedAt,
        f.Age,
        ByKind(f.CountsByKind),
        f.TotalEngagements,
        f.PositiveEngagements,
        f.UniqueUsers,
        ByKind(f.VelocityByKind),
        f.AuthorKnown,
        f.AuthorFollowers,
        f.AuthorPostCount,
        f.AuthorPopularity,
        f.Tags,
        f.TextLength,
        f.WordCount);

    /// <summary>Entry i under the name of <c>(EngagementKind)i</c>; an unknown user's empty list gives every kind 0.</summary>
    private static Dictionary<string, T> ByKind<T>(IReadOnlyList<T> values)
        where T : struct
    {
        var kinds = Enum.GetValues<EngagementKind>();
        var result = new Dictionary<string, T>(kinds.Length, StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            var i = (int)kind;
            result[JsonNames.Of(kind)] = i < values.Count ? values[i] : default;
        }

        return result;
    }

    private static Dictionary<string, float> Labelled(IReadOnlyList<float> values, Func<int, string> label)
    {
        var result = new Dictionary<string, float>(values.Count, StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            result[label(i)] = values[i];
        }

        return result;
    }
}
