using Recommender.Data;

namespace Recommender.Content;

public sealed partial class ContentModel
{
    /// <summary>
    /// The content similarity of a profile and a post: the cosine of the profile and the post's vector, in [0, 1].
    /// A training post (known by id) uses its trained vector; any other post is vectorised with the trained
    /// vocabulary (terms the vocabulary lacks are ignored). 0 when either side has no terms.
    /// </summary>
    /// <param name="profile">A profile of this model.</param>
    /// <param name="post">The post.</param>
    public float Score(ContentProfile profile, Post post)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(post);
        using var scorer = CreateScorer(profile);
        return Posts.TryGetIndex(post.Id, out var p) ? scorer.Score(p) : scorer.Score(post);
    }

    /// <summary>The content similarity of a user (by id) and a post; 0 when the user is unknown.</summary>
    /// <param name="userId">The host's user id.</param>
    /// <param name="post">The post.</param>
    public float Score(string userId, Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (!Users.TryGetIndex(userId, out var u))
        {
            return 0f;
        }

        using var scorer = CreateScorer(u);
        return Posts.TryGetIndex(post.Id, out var p) ? scorer.Score(p) : scorer.Score(post);
    }

    /// <summary>Scores many posts against one profile (as <see cref="Score(ContentProfile, Post)"/>), without allocating once warm.</summary>
    /// <param name="profile">A profile of this model.</param>
    /// <param name="posts">The posts.</param>
    /// <param name="destination">Receives one score per post.</param>
    /// <exception cref="ArgumentException">The destination is shorter than the posts, or a post is null.</exception>
    public void Score(ContentProfile profile, IReadOnlyList<Post> posts, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(posts);
        if (destination.Length < posts.Count)
        {
            throw new ArgumentException("The destination is shorter than the posts.", nameof(destination));
        }

        using var scorer = CreateScorer(profile);
        for (var i = 0; i < posts.Count; i++)
        {
            var post = posts[i] ?? throw new ArgumentException($"posts[{i}] is null.", nameof(posts));
            destination[i] = Posts.TryGetIndex(post.Id, out var p) ? scorer.Score(p) : scorer.Score(post);
        }
    }

    /// <summary>
    /// Builds a profile from a raw engagement history, as training does (kind weights and half-life of the
    /// model's options; ages measured from <paramref name="timeProvider"/>'s now): for a new user, or one whose
    /// engagements changed since training, without retraining. Engagements with a training post use its trained
    /// vector; others use the post from <paramref name="posts"/> when given, else are ignored. Invalid engagements
    /// (missing id, undefined kind, NaN weight) are ignored. The user id is not checked.
    /// </summary>
    /// <param name="history">The user's engagements.</param>
    /// <param name="posts">Posts the model was not trained on, by id; null for none.</param>
    /// <param name="timeProvider">The clock for decay; null for <see cref="TimeProvider.System"/>.</param>
    public ContentProfile BuildProfile(IEnumerable<Engagement> history, IReadOnlyDictionary<string, Post>? posts = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var weigher = new EngagementWeigher(Options.Weighting, (timeProvider ?? TimeProvider.System).GetUtcNow());
        var sums = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var e in history)
        {
            if (EngagementWeigher.IsValid(e))
            {
                sums[e.PostId] = sums.GetValueOrDefault(e.PostId) + weigher.Weigh(e);
            }
        }

        var accumulator = new ProfileAccumulator(TermCount);
        foreach (var (postId, weight) in sums)
        {
            if (weight == 0f)
            {
                continue;
            }

            if (Posts.TryGetIndex(postId, out var p))
            {
                accumulator.Add(GetPostVector(p), weight);
            }
            else if (posts is not null && posts.TryGetValue(postId, out var post) && post is not null)
            {
                accumulator.Add(Vectorize(post), weight);
            }
        }

        var (t, w) = accumulator.Finish(Options.ProfileTerms);
        return t.Length == 0 ? ContentProfile.Empty : new ContentProfile(t, w);
    }

    /// <summary>
    /// The terms that contributed most to a post's content similarity with a profile, largest first (ties by
    /// term id): for explanations such as "because you read about #dotnet". Empty when they share no term.
    /// </summary>
    /// <param name="profile">A profile of this model.</param>
    /// <param name="post">The post (a training post or a new one).</param>
    /// <param name="count">How many reasons at most; 0 or more.</param>
    public IReadOnlyList<ContentReason> Explain(ContentProfile profile, Post post, int count)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(post);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var reasons = new List<(int Term, float Contribution)>();
        foreach (var shared in new SharedTerms(profile.Terms, profile.Weights, VectorOf(post)))
        {
            reasons.Add(shared);
        }

        reasons.Sort((a, b) => a.Contribution != b.Contribution ? b.Contribution.CompareTo(a.Contribution) : a.Term.CompareTo(b.Term));
        var n = Math.Min(count, reasons.Count);
        var result = new ContentReason[n];
        for (var k = 0; k < n; k++)
        {
            var t = reasons[k].Term;
            result[k] = new ContentReason(GetTerm(t), GetTermKind(t), Vocabulary.Values[t], reasons[k].Contribution);
        }

        return result;
    }

    /// <summary>
    /// The single strongest shared term of a profile (terms ascending, with weights) and a post, or null: the ranker's
    /// explanation path, which neither copies the profile nor vectorises a new post twice (its cached vector is used).
    /// </summary>
    internal ContentReason? StrongestReason(ReadOnlySpan<int> profileTerms, ReadOnlySpan<float> profileWeights, Post post)
    {
        int best = -1;
        var bestContribution = 0f;
        foreach (var (term, contribution) in new SharedTerms(profileTerms, profileWeights, VectorOf(post)))
        {
            // Largest first, ties by term id (terms come ascending, so the first of equals stays).
            if (best < 0 || contribution > bestContribution)
            {
                best = term;
                bestContribution = contribution;
            }
        }

        return best < 0 ? null : new ContentReason(GetTerm(best), GetTermKind(best), Vocabulary.Values[best], bestContribution);
    }

    /// <summary>A post's vector: the stored one for a training post, else the cached vector of a new post.</summary>
    private ReadOnlySpan<ContentTermWeight> VectorOf(Post post) =>
        Posts.TryGetIndex(post.Id, out var p) ? GetPostVector(p) : GetNewPostVector(post).Vector;

    /// <summary>The terms a profile and a post vector share (both ascending by term), with the profile weight × the post weight.</summary>
    private ref struct SharedTerms(ReadOnlySpan<int> profileTerms, ReadOnlySpan<float> profileWeights, ReadOnlySpan<ContentTermWeight> vector)
    {
        private readonly ReadOnlySpan<int> _terms = profileTerms;
        private readonly ReadOnlySpan<float> _weights = profileWeights;
        private readonly ReadOnlySpan<ContentTermWeight> _vector = vector;
        private int _i;
        private int _j;

        public (int Term, float Contribution) Current { get; private set; }

        public readonly SharedTerms GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_i < _terms.Length && _j < _vector.Length)
            {
                if (_terms[_i] < _vector[_j].Term)
                {
                    _i++;
                }
                else if (_terms[_i] > _vector[_j].Term)
                {
                    _j++;
                }
                else
                {
                    Current = (_vector[_j].Term, _weights[_i] * _vector[_j].Weight);
                    _i++;
                    _j++;
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The explanation for a user by id; empty when the user is unknown.</summary>
    /// <param name="userId">The host's user id.</param>
    /// <param name="post">The post.</param>
    /// <param name="count">How many reasons at most.</param>
    public IReadOnlyList<ContentReason> Explain(string userId, Post post, int count) =>
        Explain(GetProfile(userId), post, count);

    /// <summary>A scorer for a known user's profile (dense user index of this model; out of range gives an empty profile).</summary>
    internal ContentScorer CreateScorer(int user) =>
        (uint)user < (uint)Users.Count
            ? new ContentScorer(this, GetProfileTerms(user), GetProfileWeights(user))
            : new ContentScorer(this, [], []);

    internal ContentScorer CreateScorer(ContentProfile profile) => new(this, profile.Terms, profile.Weights);

    /// <summary>Vectorises a post with the trained vocabulary: term ids ascending, L2-normalised TF-IDF weights.</summary>
    internal ContentTermWeight[] Vectorize(Post post)
    {
        var ids = new int[Vocabulary.MaxOccurrences(post)];
        var n = Vocabulary.CollectTerms(post, ids);
        var span = ids.AsSpan(0, n);
        span.Sort();
        var weights = new float[n];
        var unique = Vocabulary.Weigh(span, weights);
        ContentVocabulary.Normalize(weights.AsSpan(0, unique));
        var vector = new ContentTermWeight[unique];
        for (var k = 0; k < unique; k++)
        {
            vector[k] = new ContentTermWeight(ids[k], weights[k]);
        }

        return vector;
    }
}
