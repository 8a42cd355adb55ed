using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>The catalogue's posts as objects, in catalogue order; a post the files did not describe gets an id only.</summary>
internal static class EvaluationPosts
{
    public static Post[] Resolve(EvaluationTrainingSet training)
    {
        var byId = new Dictionary<string, Post>(training.Posts.Count, StringComparer.Ordinal);
        foreach (var post in training.Posts)
        {
            byId[post.Id] = post;
        }

        var posts = new Post[training.Catalog.Count];
        for (var i = 0; i < posts.Length; i++)
        {
            var id = training.Catalog[i];
            posts[i] = byId.TryGetValue(id, out var post) ? post : new Post(id, null, DateTimeOffset.UnixEpoch);
        }

        return posts;
    }

    /// <summary>The posts the training may know: those created by the end of the train data.</summary>
    public static IEnumerable<Post> KnownAt(IReadOnlyList<Post> posts, DateTimeOffset referenceTime)
    {
        foreach (var post in posts)
        {
            if (post.CreatedAt <= referenceTime)
            {
                yield return post;
            }
        }
    }
}
