using System.Runtime.InteropServices;
using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// Everything an evaluation prepares once for all models: the post catalogue (ids sorted ordinally), the candidate
/// pool, and for each test user the train posts to leave out and the relevant posts.
/// </summary>
internal sealed class EvaluationPlan
{
    private EvaluationPlan(IdIndex catalog)
    {
        Catalog = catalog;
    }

    public IdIndex Catalog { get; }

    /// <summary>Candidate posts before each user's train posts are taken out, ascending.</summary>
    public int[] Pool { get; private set; } = [];

    public TestUser[] TestUsers { get; private set; } = [];

    public int TrainUsers { get; private set; }

    public int TestRows { get; private set; }

    public int DroppedTestRows { get; private set; }

    public DateTimeOffset ReferenceTime { get; private set; }

    public DateTimeOffset RankingTime { get; private set; }

    public DateTimeOffset? CandidatesSince { get; private set; }

    public static EvaluationPlan Create(EvaluationData data, EvaluationOptions options)
    {
        CheckData(data);
        var plan = new EvaluationPlan(BuildCatalog(data));
        var catalog = plan.Catalog;

        // Train: each user's posts (catalogue indices), the posts seen in train, the watermark.
        var trainPosts = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var inTrain = new bool[catalog.Count];
        var watermark = DateTimeOffset.MinValue;
        foreach (var e in data.Train)
        {
            var post = catalog.IndexOf(e.PostId);
            inTrain[post] = true;
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(trainPosts, e.UserId, out _);
            (list ??= []).Add(post);
            if (e.Timestamp > watermark)
            {
                watermark = e.Timestamp;
            }
        }

        plan.TrainUsers = trainPosts.Count;
        plan.ReferenceTime = watermark;

        // Test: relevant posts per user, in order of first appearance; the recommend task drops rows outside train.
        var recommend = options.Task == EvaluationTask.Recommend;
        var relevant = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        DateTimeOffset? firstTest = null, lastTest = null;
        foreach (var e in data.Test)
        {
            firstTest = firstTest is null || e.Timestamp < firstTest ? e.Timestamp : firstTest;
            lastTest = lastTest is null || e.Timestamp > lastTest ? e.Timestamp : lastTest;
            var post = catalog.IndexOf(e.PostId);
            if (recommend && (!inTrain[post] || !trainPosts.ContainsKey(e.UserId)))
            {
                plan.DroppedTestRows++;
                continue;
            }

            plan.TestRows++;
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(relevant, e.UserId, out var exists);
            if (!exists)
            {
                order.Add(e.UserId);
            }

            (list ??= []).Add(post);
        }

        plan.RankingTime = options.RankingTime ?? lastTest ?? watermark;
        plan.TestUsers = new TestUser[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var id = order[i];
            var train = trainPosts.TryGetValue(id, out var posts) ? SortedDistinct(posts) : [];
            plan.TestUsers[i] = new TestUser(id, train, SortedDistinct(relevant[id]));
        }

        if (recommend)
        {
            var pool = new List<int>();
            for (var p = 0; p < inTrain.Length; p++)
            {
                if (inTrain[p])
                {
                    pool.Add(p);
                }
            }

            plan.Pool = [.. pool];
        }
        else
        {
            if (data.Posts.Count == 0)
            {
                throw new ArgumentException("The rank task needs the posts (a posts file): its candidates are the posts created since a moment.", nameof(data));
            }

            var since = options.CandidatesSince ?? (firstTest ?? watermark) - EvaluationDefaults.CandidateWindow;
            plan.CandidatesSince = since;
            var pool = new List<int>();
            foreach (var post in data.Posts)
            {
                if (post.CreatedAt >= since)
                {
                    pool.Add(catalog.IndexOf(post.Id));
                }
            }

            plan.Pool = SortedDistinct(pool);
        }

        return plan;
    }

    /// <summary>Throws for null lists, empty train data or a null or empty id.</summary>
    public static void CheckData(EvaluationData data)
    {
        if (data.Train is null || data.Test is null || data.Posts is null || data.Users is null || data.Follows is null)
        {
            throw new ArgumentException("EvaluationData's lists must not be null.", nameof(data));
        }

        if (data.Train.Count == 0)
        {
            throw new ArgumentException("The train data is empty: there is nothing to learn from.", nameof(data));
        }

        CheckIds(data.Train, "Train", nameof(data));
        CheckIds(data.Test, "Test", nameof(data));
    }

    private static void CheckIds(IReadOnlyList<Engagement> engagements, string name, string paramName)
    {
        for (var i = 0; i < engagements.Count; i++)
        {
            if (string.IsNullOrEmpty(engagements[i].UserId) || string.IsNullOrEmpty(engagements[i].PostId))
            {
                throw new ArgumentException($"{name}[{i}] has a null or empty user or post id.", paramName);
            }
        }
    }

    public static IdIndex BuildCatalog(EvaluationData data)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in data.Train)
        {
            ids.Add(e.PostId);
        }

        foreach (var e in data.Test)
        {
            ids.Add(e.PostId);
        }

        foreach (var post in data.Posts)
        {
            ArgumentNullException.ThrowIfNull(post, nameof(data));
            Guard.NotNullOrEmpty(post.Id, "Post.Id");
            ids.Add(post.Id);
        }

        var sorted = ids.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return IdIndex.Create(sorted);
    }

    public static int[] SortedDistinct(List<int> values)
    {
        var span = CollectionsMarshal.AsSpan(values);
        span.Sort();
        var n = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (n == 0 || span[i] != span[n - 1])
            {
                span[n++] = span[i];
            }
        }

        return span[..n].ToArray();
    }

    /// <summary>A test user: their train posts (left out of the candidates) and relevant posts, both ascending and distinct.</summary>
    internal sealed record TestUser(string Id, int[] TrainPosts, int[] Relevant);
}
