using Recommender.Data;

namespace Recommender.Serving;

/// <summary>
/// Stage 1 of a request: programmer errors are thrown before anything else runs (null or empty ids, user ids longer
/// than <see cref="ServingOptions.MaxIdLength"/>, counts out of range, limits exceeded), each naming the argument.
/// Candidate ids longer than the limit are not errors: the post stages report them unknown (a data condition).
/// Reads the options at every call.
/// </summary>
internal sealed class RequestValidator(Func<ServingOptions> options)
{
    /// <summary>A validator over fixed options.</summary>
    public RequestValidator(ServingOptions options)
        : this(() => options)
    {
    }

    public void UserId(string userId, string name = "userId")
    {
        Guard.NotNullOrEmpty(userId, name);
        CheckLength(userId, name);
    }

    /// <summary>True when a candidate id is too long to be any post's (it is then reported unknown, never looked up).</summary>
    public bool IsTooLong(string id) => id.Length > options().MaxIdLength;

    /// <summary>Candidate ids: the list, its size, and every id non-empty.</summary>
    public void CandidateIds(IReadOnlyList<string> candidateIds, string name = "candidateIds")
    {
        ArgumentNullException.ThrowIfNull(candidateIds, name);
        CandidateCount(candidateIds.Count, name);
        for (var i = 0; i < candidateIds.Count; i++)
        {
            if (string.IsNullOrEmpty(candidateIds[i]))
            {
                throw new ArgumentException($"{name}[{i}] is null or empty.", name);
            }
        }
    }

    /// <summary>Candidate posts: the list, its size, every post present and with an id; returns their ids.</summary>
    public string[] CandidatePosts(IReadOnlyList<Post> candidates, string name = "candidates")
    {
        ArgumentNullException.ThrowIfNull(candidates, name);
        CandidateCount(candidates.Count, name);
        var ids = new string[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var post = candidates[i] ?? throw new ArgumentException($"{name}[{i}] is null.", name);
            ids[i] = string.IsNullOrEmpty(post.Id) ? throw new ArgumentException($"{name}[{i}] has no id.", name) : post.Id;
        }

        return ids;
    }

    public void CandidateCount(int count, string name)
    {
        if (count > options().MaxCandidates)
        {
            throw new ArgumentException($"{count} candidates exceed Serving:MaxCandidates ({options().MaxCandidates}).", name);
        }
    }

    public void Count(int count)
    {
        if (count < 1 || count > options().MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and Serving:MaxCount ({options().MaxCount}).");
        }
    }

    public void UserIds(IReadOnlyList<string> userIds, string name = "userIds")
    {
        ArgumentNullException.ThrowIfNull(userIds, name);
        for (var i = 0; i < userIds.Count; i++)
        {
            if (string.IsNullOrEmpty(userIds[i]))
            {
                throw new ArgumentException($"{name}[{i}] is null or empty.", name);
            }

            CheckLength(userIds[i], $"{name}[{i}]", name);
        }
    }

    public void Engagement(in Engagement engagement)
    {
        Guard.NotNullOrEmpty(engagement.UserId, "engagement.UserId");
        Guard.NotNullOrEmpty(engagement.PostId, "engagement.PostId");
        CheckLength(engagement.UserId, "engagement.UserId");
        CheckLength(engagement.PostId, "engagement.PostId");
        if (!Enum.IsDefined(engagement.Kind))
        {
            throw new ArgumentException($"engagement.Kind {(int)engagement.Kind} is not a defined EngagementKind.", nameof(engagement));
        }

        if (engagement.Weight is { } w && !float.IsFinite(w))
        {
            throw new ArgumentException($"engagement.Weight must be finite, was {w}.", nameof(engagement));
        }
    }

    /// <summary>What <see cref="Engagement(in Recommender.Data.Engagement)"/> checks, without throwing.</summary>
    public bool IsValid(in Engagement engagement) =>
        !string.IsNullOrEmpty(engagement.UserId) && engagement.UserId.Length <= options().MaxIdLength
        && !string.IsNullOrEmpty(engagement.PostId) && engagement.PostId.Length <= options().MaxIdLength
        && Enum.IsDefined(engagement.Kind)
        && (engagement.Weight is not { } w || float.IsFinite(w));

    private void CheckLength(string id, string what, string? name = null)
    {
        if (id.Length > options().MaxIdLength)
        {
            throw new ArgumentException($"{what} is {id.Length} characters long, more than Serving:MaxIdLength ({options().MaxIdLength}).", name ?? what);
        }
    }
}
