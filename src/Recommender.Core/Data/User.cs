namespace Recommender.Data;

/// <summary>A user of the host application.</summary>
/// <param name="Id">The host's identifier of the user; never null or empty.</param>
public sealed record User(string Id)
{
    /// <summary>When the account was created, if the host knows it (used for account-age features).</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
