using Recommender.Data;

namespace Recommender.Features;

/// <summary>
/// The raw arrays of a <see cref="FeatureStore"/> (what is saved): rows by dense index, 8 columns per kind,
/// 24 per hour, 7 per weekday; compressed rows (Ptr/Idx/Values) for per-user lists. Times are UTC ticks, -1 when
/// unknown.
/// </summary>
internal sealed class FeatureStoreData
{
    public required IdIndex Users { get; init; }

    public required IdIndex Posts { get; init; }

    public required IdIndex Authors { get; init; }

    public required IdIndex Tags { get; init; }

    public required DateTimeOffset ReferenceTime { get; init; }

    public required FeatureOptions Options { get; init; }

    public required long Accepted { get; init; }

    public required long Skipped { get; init; }

    public required int[] GlobalHours { get; init; }

    public required int[] GlobalDays { get; init; }

    public required long[] UserCreated { get; init; }

    public required int[] UserKinds { get; init; }

    public required int[] UserHours { get; init; }

    public required int[] UserDays { get; init; }

    public required long[] UserFirst { get; init; }

    public required long[] UserLast { get; init; }

    /// <summary>Posts each user engaged with in any way, ascending.</summary>
    public required int[] SeenPtr { get; init; }

    public required int[] SeenIdx { get; init; }

    /// <summary>Author engagement shares per user, ascending by author.</summary>
    public required int[] SharePtr { get; init; }

    public required int[] ShareIdx { get; init; }

    public required float[] ShareValues { get; init; }

    /// <summary>Preferred tags per user, strongest first.</summary>
    public required int[] TagPrefPtr { get; init; }

    public required int[] TagPrefIdx { get; init; }

    public required float[] TagPrefValues { get; init; }

    /// <summary>Followed authors per user, ascending.</summary>
    public required int[] FollowPtr { get; init; }

    public required int[] FollowIdx { get; init; }

    public required long[] PostCreated { get; init; }

    public required int[] PostAuthor { get; init; }

    public required int[] PostKinds { get; init; }

    public required float[] PostVelocity { get; init; }

    public required int[] PostUsers { get; init; }

    public required int[] AuthorPosts { get; init; }

    public required int[] AuthorFollowers { get; init; }

    /// <summary>The co-engagement graph (empty when disabled or read from an artefact written before it existed).</summary>
    public CoEngagementGraph CoEngagement { get; init; } = CoEngagementGraph.Empty;
}
