using System.Collections.Concurrent;
using Recommender.Data;

namespace Recommender.Content;

/// <summary>
/// The vectors of posts a <see cref="ContentModel"/> was not trained on, by post id, so that a new post is
/// tokenised once rather than for every user it is ranked for. An entry is reused only while the post's author,
/// tags and text are unchanged (a reference check first, then ordinal comparisons), so an edited post is
/// re-vectorised. Bounded: when <see cref="Capacity"/> entries are held the cache is emptied (new posts soon become
/// training posts anyway). Thread-safe; allocates only when a post is first seen or changed.
/// </summary>
internal sealed class PostVectorCache
{
    /// <summary>The most posts held.</summary>
    public const int Capacity = 16_384;

    private readonly ConcurrentDictionary<string, PostVector> _entries = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(Post post, out PostVector vector) =>
        _entries.TryGetValue(post.Id, out vector!) && SameContent(vector.Post, post);

    public void Add(PostVector vector)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _entries.Clear();
            Volatile.Write(ref _count, 1);
        }

        _entries[vector.Post.Id] = vector;
    }

    public void Clear()
    {
        _entries.Clear();
        Volatile.Write(ref _count, 0);
    }

    private static bool SameContent(Post cached, Post post)
    {
        if (ReferenceEquals(cached, post))
        {
            return true;
        }

        if (!string.Equals(cached.AuthorId, post.AuthorId, StringComparison.Ordinal)
            || !string.Equals(cached.Text, post.Text, StringComparison.Ordinal)
            || cached.Tags.Count != post.Tags.Count)
        {
            return false;
        }

        for (var i = 0; i < post.Tags.Count; i++)
        {
            if (!string.Equals(cached.Tags[i], post.Tags[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A post vectorised with a model's vocabulary: term ids ascending, L2-normalised weights.</summary>
internal sealed class PostVector(Post post, ContentTermWeight[] vector)
{
    public Post Post { get; } = post;

    public ContentTermWeight[] Vector { get; } = vector;
}
