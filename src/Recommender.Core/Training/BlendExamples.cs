using Recommender.Data;
using Recommender.Features;

namespace Recommender.Training;

/// <summary>
/// Turns held-out engagements into blend training groups: the engaged post (label 1) and up to N posts published
/// before the engagement that the user had not engaged with (label 0), each with its pair
/// features as of the engagement's moment, computed by the models of the earlier pass. Half the negatives are fresh
/// posts, half any earlier post (see the sampling below).
/// </summary>
internal sealed class BlendExamples
{
    /// <summary>The order of posts by creation time, then id.</summary>
    public static readonly Comparer<Post> PostOrder = Comparer<Post>.Create(static (a, b) =>
    {
        var c = a.CreatedAt.CompareTo(b.CreatedAt);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly List<float> _rows = [];
    private readonly List<byte> _labels = [];
    private readonly List<int> _groups = [];

    public ReadOnlySpan<float> Rows => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows);

    public ReadOnlySpan<byte> Labels => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_labels);

    public ReadOnlySpan<int> Groups => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_groups);

    public int Count => _labels.Count;

    public static BlendExamples Build(
        FeatureExtractor extractor,
        SettableTimeProvider clock,
        IReadOnlyList<Engagement> heldOut,
        Post[] postsByTime,
        TimeSpan window,
        int negativesPerPositive,
        int seed,
        CancellationToken cancellationToken)
    {
        const int F = PairFeatureColumns.Count;
        var examples = new BlendExamples();
        var random = new Random(seed);
        var byId = new Dictionary<string, Post>(postsByTime.Length, StringComparer.Ordinal);
        foreach (var post in postsByTime)
        {
            byId[post.Id] = post;
        }

        var heldOutPairs = new HashSet<(string, string)>();
        foreach (var e in heldOut)
        {
            heldOutPairs.Add((e.UserId, e.PostId));
        }

        var createdTicks = new long[postsByTime.Length];
        for (var i = 0; i < postsByTime.Length; i++)
        {
            createdTicks[i] = postsByTime[i].CreatedAt.UtcTicks;
        }

        var candidates = new List<Post>(negativesPerPositive + 1);
        var chosen = new HashSet<int>();
        var rows = new float[(negativesPerPositive + 1) * F];
        var indices = new int[negativesPerPositive + 1];
        var group = 0;
        foreach (var e in heldOut)
        {
            if ((group & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!byId.TryGetValue(e.PostId, out var positive))
            {
                continue;
            }

            var user = extractor.ResolveUser(e.UserId);
            var hi = UpperBound(createdTicks, e.Timestamp.UtcTicks);
            var lo = UpperBound(createdTicks, (e.Timestamp - window).UtcTicks);
            candidates.Clear();
            chosen.Clear();
            candidates.Add(positive);
            // Half the negatives come from the posts published in the freshness window before the engagement (what a
            // feed shows), half from every post published by then (what a recommendation draws from); when the window
            // is empty (a catalogue without fresh posts), all come from the catalogue. (Drawing "hard" negatives from
            // the collaborative model's favourites was tried: it biases the blend against the collaborative score.)
            var fromWindow = hi - lo > 0 ? (negativesPerPositive + 1) / 2 : 0;
            for (var attempt = 0; attempt < negativesPerPositive * 6 && candidates.Count <= negativesPerPositive; attempt++)
            {
                var windowPick = candidates.Count <= fromWindow;
                var available = windowPick ? hi - lo : hi;
                if (available <= 0)
                {
                    break;
                }

                var i = (windowPick ? lo : 0) + random.Next(available);
                var post = postsByTime[i];
                if (!chosen.Add(i) || post.Id == e.PostId || heldOutPairs.Contains((e.UserId, post.Id)) || extractor.IsSeen(user, post.Id))
                {
                    continue;
                }

                candidates.Add(post);
            }

            if (candidates.Count < 2)
            {
                continue;
            }

            clock.UtcNow = e.Timestamp;
            var n = candidates.Count;
            Post?[] posts = [.. candidates];
            for (var i = 0; i < n; i++)
            {
                indices[i] = extractor.Store.Posts.IndexOf(candidates[i].Id);
            }

            extractor.FillPairFeatures(user, indices.AsSpan(0, n), posts, rows.AsSpan(0, n * F));
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < F; c++)
                {
                    examples._rows.Add(rows[(i * F) + c]);
                }

                examples._labels.Add(i == 0 ? (byte)1 : (byte)0);
                examples._groups.Add(group);
            }

            group++;
        }

        return examples;
    }

    /// <summary>The first index whose value is greater than <paramref name="value"/>.</summary>
    private static int UpperBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
