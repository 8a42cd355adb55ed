using System.Text.Json.Serialization;

namespace Recommender.Data;

/// <summary>
/// What a user did with a post. Each kind carries a configurable weight
/// (<see cref="EngagementWeightingOptions.KindWeights"/>); <see cref="Hide"/> and <see cref="Report"/>
/// are negative feedback and by default carry negative weights.
/// </summary>
/// <remarks>System.Text.Json writes it as its name ("Like") and reads a name or a number.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<EngagementKind>))]
public enum EngagementKind
{
    /// <summary>The post was shown to the user and viewed (the weakest positive signal).</summary>
    View = 0,

    /// <summary>The user opened or clicked the post.</summary>
    Click = 1,

    /// <summary>The user liked the post.</summary>
    Like = 2,

    /// <summary>The user commented on the post.</summary>
    Comment = 3,

    /// <summary>The user shared the post.</summary>
    Share = 4,

    /// <summary>The user saved the post for later.</summary>
    Bookmark = 5,

    /// <summary>The user hid the post (negative feedback).</summary>
    Hide = 6,

    /// <summary>The user reported the post (strong negative feedback).</summary>
    Report = 7,
}
