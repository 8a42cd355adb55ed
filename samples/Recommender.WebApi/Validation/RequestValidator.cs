using Recommender.Data;
using Recommender.Ranking;
using Recommender.WebApi.Contracts;
using Recommender.WebApi.Hosting;

namespace Recommender.WebApi.Validation;

/// <summary>
/// Checks requests before they reach the SDK (which would throw for the same problems) and turns them into SDK
/// arguments. Every problem is reported at once, by field.
/// </summary>
internal static class RequestValidator
{
    /// <summary>The most ids in one exclusion list.</summary>
    public const int MaxExcluded = 10_000;

    public static void UserId(string? userId, ValidationErrors errors, string field = "userId")
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            errors.Add(field, $"{field} is required and must not be empty.");
        }
    }

    /// <summary>Rank: a user and either candidate ids or described candidates.</summary>
    public static (IReadOnlyList<string>? Ids, IReadOnlyList<Post>? Posts) Rank(RankApiRequest request, WebApiOptions options, ValidationErrors errors)
    {
        UserId(request.UserId, errors);
        Exclude(request.Exclude, errors);
        if (request.CandidateIds is not null && request.Candidates is not null)
        {
            errors.Add("candidates", "Give either candidateIds or candidates, not both.");
            return (null, null);
        }

        if (request.Candidates is { } described)
        {
            return (null, Posts(described, options.MaxCandidates, errors));
        }

        return (Ids(request.CandidateIds, "candidateIds", options.MaxCandidates, errors), null);
    }

    /// <summary>A list of post ids: 1 to <paramref name="max"/>, none empty.</summary>
    public static IReadOnlyList<string>? Ids(IReadOnlyList<string?>? ids, string field, int max, ValidationErrors errors)
    {
        if (ids is null || ids.Count == 0)
        {
            errors.Add(field, $"{field} is required: give 1 to {max} post ids.");
            return null;
        }

        if (ids.Count > max)
        {
            errors.Add(field, $"{field} has {ids.Count} ids; at most {max} are allowed (WebApi:MaxCandidates).");
            return null;
        }

        var result = new string[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ids[i]))
            {
                errors.Add($"{field}[{i}]", "A post id must not be empty.");
            }
            else
            {
                result[i] = ids[i]!;
            }
        }

        return result;
    }

    /// <summary>A count: absent means <paramref name="fallback"/>; otherwise 1 to <paramref name="max"/>.</summary>
    public static int Count(int? count, string field, int fallback, int max, ValidationErrors errors)
    {
        if (count is null)
        {
            return fallback;
        }

        if (count < 1 || count > max)
        {
            errors.Add(field, $"{field} must be between 1 and {max}, was {count}.");
        }

        return count.Value;
    }

    /// <summary>
    /// How many posts: <c>count</c>, or its alias <c>limit</c> (one name for the same thing on every route; both given
    /// and different is an error).
    /// </summary>
    public static int CountOrLimit(int? count, int? limit, int fallback, int max, ValidationErrors errors)
    {
        if (count is not null && limit is not null && count != limit)
        {
            errors.Add("limit", $"limit is another name for count: give one of them (count was {count}, limit {limit}).");
            return fallback;
        }

        return count is not null ? Count(count, "count", fallback, max, errors) : Count(limit, "limit", fallback, max, errors);
    }

    public static RankingFilter? Filter(ExcludeFilter? exclude) => exclude is null
        ? null
        : new RankingFilter { ExcludePostIds = exclude.PostIds, ExcludeAuthorIds = exclude.AuthorIds, ExcludeTags = exclude.Tags };

    public static void Exclude(ExcludeFilter? exclude, ValidationErrors errors)
    {
        if (exclude is null)
        {
            return;
        }

        Check(exclude.PostIds, "exclude.postIds");
        Check(exclude.AuthorIds, "exclude.authorIds");
        Check(exclude.Tags, "exclude.tags");

        void Check(IReadOnlyList<string>? values, string field)
        {
            if (values is { Count: > MaxExcluded })
            {
                errors.Add(field, $"{field} has {values.Count} entries; at most {MaxExcluded} are allowed.");
            }
            else if (values is not null && values.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add(field, $"{field} must not contain empty values.");
            }
        }
    }

    private static Post[]? Posts(IReadOnlyList<CandidatePost?> described, int max, ValidationErrors errors)
    {
        if (described.Count == 0)
        {
            errors.Add("candidates", $"candidates must hold 1 to {max} posts.");
            return null;
        }

        if (described.Count > max)
        {
            errors.Add("candidates", $"candidates has {described.Count} posts; at most {max} are allowed (WebApi:MaxCandidates).");
            return null;
        }

        var posts = new Post[described.Count];
        for (var i = 0; i < described.Count; i++)
        {
            var c = described[i];
            if (c is null)
            {
                errors.Add($"candidates[{i}]", "A candidate must not be null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(c.Id))
            {
                errors.Add($"candidates[{i}].id", "A post id must not be empty.");
            }

            if (c.CreatedAt is null)
            {
                errors.Add($"candidates[{i}].createdAt", "createdAt is required.");
            }

            if (c.Id is not null && c.CreatedAt is { } created)
            {
                posts[i] = new Post(c.Id, string.IsNullOrWhiteSpace(c.AuthorId) ? null : c.AuthorId, created) { Tags = c.Tags ?? [], Text = c.Text };
            }
        }

        return posts;
    }

    /// <summary>Engagements: one at the top level or a batch, each with a user, a post and a defined kind.</summary>
    public static IReadOnlyList<Engagement> Engagements(EngagementsApiRequest request, DateTimeOffset now, int maxIdLength, ValidationErrors errors)
    {
        var single = request.UserId is not null || request.PostId is not null || request.Kind is not null || request.Timestamp is not null;
        if (request.Engagements is { } batch)
        {
            if (single)
            {
                errors.Add("engagements", "Give either one engagement (userId, postId, kind, timestamp) or engagements, not both.");
                return [];
            }

            if (batch.Count is 0 or > WebApiDefaults.MaxEngagements)
            {
                errors.Add("engagements", $"engagements has {batch.Count} items; give 1 to {WebApiDefaults.MaxEngagements}.");
                return [];
            }

            var result = new List<Engagement>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i] is not { } item)
                {
                    errors.Add($"engagements[{i}]", "An engagement must not be null.");
                }
                else if (OneEngagement(item.UserId, item.PostId, item.Kind, item.Timestamp, now, maxIdLength, $"engagements[{i}].", errors) is { } e)
                {
                    result.Add(e);
                }
            }

            return result;
        }

        return OneEngagement(request.UserId, request.PostId, request.Kind, request.Timestamp, now, maxIdLength, string.Empty, errors) is { } one ? [one] : [];
    }

    private static Engagement? OneEngagement(string? userId, string? postId, string? kind, DateTimeOffset? timestamp, DateTimeOffset now, int maxIdLength, string prefix, ValidationErrors errors)
    {
        var valid = Id(userId, $"{prefix}userId", maxIdLength, errors) & Id(postId, $"{prefix}postId", maxIdLength, errors);

        EngagementKind parsed = default;
        if (string.IsNullOrWhiteSpace(kind) || char.IsAsciiDigit(kind[0]) || kind[0] == '-'
            || !Enum.TryParse(kind, ignoreCase: true, out parsed) || !Enum.IsDefined(parsed))
        {
            var kinds = string.Join(", ", Enum.GetNames<EngagementKind>().Select(n => n.ToLowerInvariant()));
            errors.Add($"{prefix}kind", string.IsNullOrWhiteSpace(kind) ? $"{prefix}kind is required: one of {kinds}." : $"{prefix}kind '{kind}' is not one of {kinds}.");
            valid = false;
        }

        return valid ? new Engagement(userId!, postId!, parsed, timestamp ?? now) : null;
    }

    private static bool Id(string? id, string field, int maxIdLength, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(field, $"{field} is required and must not be empty.");
            return false;
        }

        if (id.Length > maxIdLength)
        {
            errors.Add(field, $"{field} is {id.Length} characters long; at most {maxIdLength} are allowed (Recommender:Serving:MaxIdLength).");
            return false;
        }

        return true;
    }
}
