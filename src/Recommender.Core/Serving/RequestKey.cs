using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>
/// A cache key: everything an answer depends on. The request's content (candidate ids, count, filter) is folded into a
/// 128-bit XxHash128 so that a key is cheap to compare; the model version, the user's engagement version and the flag
/// state are fields, so a new model, a new engagement or a flag change never serves a stale answer.
/// </summary>
internal readonly record struct RequestKey(
    byte Operation,
    string UserId,
    string Variant,
    string ModelVersion,
    int UserVersion,
    byte Flags,
    ulong HashHigh,
    ulong HashLow)
{
    public const byte Rank = 1;
    public const byte RankPosts = 2;
    public const byte Recommend = 3;

    public static RequestKey ForRank(in RequestContext context, int userVersion, IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, RankingFilter? filter)
    {
        // One pass over a pooled buffer holding every id and a separator: far cheaper than many small appends.
        var span = ids switch
        {
            string[] array => array,
            List<string> list => CollectionsMarshal.AsSpan(list),
            _ => [.. ids],
        };
        var length = span.Length;
        foreach (var id in span)
        {
            length += id.Length;
        }

        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, length));
        var at = 0;
        foreach (var id in span)
        {
            id.CopyTo(buffer.AsSpan(at));
            at += id.Length;
            buffer[at++] = '\0';
        }

        if (posts is null && (filter is null || filter.IsEmpty))
        {
            // The common case: one-shot hash, no hasher object.
            var oneShot = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(buffer.AsSpan(0, at)));
            ArrayPool<char>.Shared.Return(buffer);
            return new RequestKey(Rank, context.UserId, context.Variant, context.ModelVersion!, userVersion, context.FlagBits, (ulong)(oneShot >> 64), (ulong)oneShot);
        }

        var hash = new XxHash128();
        hash.Append(MemoryMarshal.AsBytes(buffer.AsSpan(0, at)));
        ArrayPool<char>.Shared.Return(buffer);
        if (posts is not null)
        {
            Span<long> numbers = stackalloc long[1];
            foreach (var post in posts)
            {
                Append(hash, post.Id);
                Append(hash, post.AuthorId ?? string.Empty);
                numbers[0] = post.CreatedAt.UtcTicks;
                hash.Append(MemoryMarshal.AsBytes(numbers));
                foreach (var tag in post.Tags)
                {
                    Append(hash, tag ?? string.Empty);
                }

                Append(hash, post.Text ?? string.Empty);
            }
        }

        AppendFilter(hash, filter);
        var value = hash.GetCurrentHashAsUInt128();
        return new RequestKey(posts is null ? Rank : RankPosts, context.UserId, context.Variant, context.ModelVersion!, userVersion, context.FlagBits, (ulong)(value >> 64), (ulong)value);
    }

    public static RequestKey ForRecommend(in RequestContext context, int userVersion, int count, RankingFilter? filter)
    {
        var hash = new XxHash128();
        Span<int> numbers = [count];
        hash.Append(MemoryMarshal.AsBytes(numbers));
        AppendFilter(hash, filter);
        var value = hash.GetCurrentHashAsUInt128();
        return new RequestKey(Recommend, context.UserId, context.Variant, context.ModelVersion!, userVersion, context.FlagBits, (ulong)(value >> 64), (ulong)value);
    }

    private static void Append(XxHash128 hash, string value)
    {
        hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
        hash.Append([0, 0]);
    }

    /// <summary>
    /// Filter sets are unordered: their items' hashes are combined by a sum (not XOR, under which an id listed twice
    /// cancels out and two different filters share a key).
    /// </summary>
    private static void AppendFilter(XxHash128 hash, RankingFilter? filter)
    {
        if (filter is null || filter.IsEmpty)
        {
            return;
        }

        Span<ulong> parts = stackalloc ulong[3];
        parts[0] = Combine(filter.ExcludePostIds);
        parts[1] = Combine(filter.ExcludeAuthorIds);
        parts[2] = Combine(filter.ExcludeTags);
        hash.Append(MemoryMarshal.AsBytes(parts));
    }

    private static ulong Combine(IReadOnlyCollection<string>? values)
    {
        ulong x = 0x9E3779B97F4A7C15;
        if (values is null)
        {
            return x;
        }

        foreach (var v in values)
        {
            x += XxHash3.HashToUInt64(MemoryMarshal.AsBytes(v.AsSpan()));
        }

        return x;
    }
}
