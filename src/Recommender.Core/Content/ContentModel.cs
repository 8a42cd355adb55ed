using Recommender.Data;

namespace Recommender.Content;

/// <summary>
/// A trained content model: a vocabulary of terms (tags, authors, text tokens) with their IDF, every training post
/// as an L2-normalised sparse TF-IDF vector, and every user's profile (the engagement-weighted sum of the vectors of
/// the posts they engaged with, negative feedback subtracted, clamped at 0, truncated to the strongest terms,
/// L2-normalised). A user's affinity to a post is the cosine of profile and post vector, in [0, 1]. New posts are
/// vectorised with the trained vocabulary (unknown terms ignored), so posts no one has engaged with yet still score:
/// this is what collaborative filtering cannot do. A new post's vector is computed once and cached by post id
/// (re-computed when its author, tags or text change; at most 16,384 posts, then the cache starts over), so ranking
/// it for many users tokenises it once. The trained data is immutable; the model is safe to share between threads.
/// </summary>
public sealed partial class ContentModel
{
    private readonly int[] _postPtr;
    private readonly ContentTermWeight[] _postVectors;
    private readonly int[] _profilePtr;
    private readonly int[] _profileTerms;
    private readonly float[] _profileWeights;

    internal ContentModel(
        ContentVocabulary vocabulary,
        IdIndex users,
        IdIndex posts,
        int[] postPtr,
        int[] postTerms,
        float[] postWeights,
        int[] profilePtr,
        int[] profileTerms,
        float[] profileWeights,
        ContentOptions options,
        DateTimeOffset referenceTime)
    {
        Vocabulary = vocabulary;
        Users = users;
        Posts = posts;
        _postPtr = postPtr;
        _postVectors = new ContentTermWeight[postTerms.Length];
        for (var k = 0; k < postTerms.Length; k++)
        {
            _postVectors[k] = new ContentTermWeight(postTerms[k], postWeights[k]);
        }
        _profilePtr = profilePtr;
        _profileTerms = profileTerms;
        _profileWeights = profileWeights;
        Options = options;
        ReferenceTime = referenceTime;
        Weigher = new EngagementWeigher(options.Weighting, referenceTime);
    }

    /// <summary>The users with a profile (everyone who engaged at training time), in index order.</summary>
    public IdIndex Users { get; }

    /// <summary>The training posts (the documents of the vocabulary), in index order.</summary>
    public IdIndex Posts { get; }

    /// <summary>The number of terms in the vocabulary; term ids are 0 .. TermCount - 1.</summary>
    public int TermCount => Vocabulary.Count;

    /// <summary>The moment engagement ages were measured from when profiles were built.</summary>
    public DateTimeOffset ReferenceTime { get; }

    internal ContentVocabulary Vocabulary { get; }

    internal ContentOptions Options { get; }

    internal EngagementWeigher Weigher { get; }

    /// <summary>A term as written in explanations: <c>tag:dotnet</c>, <c>author:alice</c> or <c>dotnet</c>.</summary>
    /// <param name="term">The term id.</param>
    public string GetTerm(int term) => Vocabulary.TermName(term);

    /// <summary>The family of a term.</summary>
    /// <param name="term">The term id.</param>
    public ContentTermKind GetTermKind(int term) => Vocabulary.Kinds[term];

    /// <summary>The inverse document frequency of a term: <c>ln((1 + N) / (1 + df)) + 1</c> over N training posts.</summary>
    /// <param name="term">The term id.</param>
    public float GetIdf(int term) => Vocabulary.Idf[term];

    /// <summary>The id of a term written as <see cref="GetTerm"/> writes it, or -1 when it is not in the vocabulary.</summary>
    /// <param name="term">For example <c>tag:dotnet</c>.</param>
    public int FindTerm(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return Vocabulary.Find(term);
    }

    /// <summary>
    /// A training post's vector: term ids ascending, L2-normalised TF-IDF weights (their squares sum to 1), empty
    /// when the post has no term of the vocabulary.
    /// </summary>
    /// <param name="post">The post's dense index.</param>
    public ReadOnlySpan<ContentTermWeight> GetPostVector(int post) => _postVectors.AsSpan(_postPtr[post], _postPtr[post + 1] - _postPtr[post]);

    /// <summary>A user's profile term ids, ascending (empty when nothing positive is known).</summary>
    /// <param name="user">The user's dense index.</param>
    public ReadOnlySpan<int> GetProfileTerms(int user) => _profileTerms.AsSpan(_profilePtr[user], _profilePtr[user + 1] - _profilePtr[user]);

    /// <summary>A user's profile weights matching <see cref="GetProfileTerms"/>.</summary>
    /// <param name="user">The user's dense index.</param>
    public ReadOnlySpan<float> GetProfileWeights(int user) => _profileWeights.AsSpan(_profilePtr[user], _profilePtr[user + 1] - _profilePtr[user]);

    /// <summary>A user's profile.</summary>
    /// <param name="user">The user's dense index.</param>
    public ContentProfile GetProfile(int user) =>
        new(GetProfileTerms(user).ToArray(), GetProfileWeights(user).ToArray());

    /// <summary>A user's profile by id; <see cref="ContentProfile.Empty"/> when the user is unknown.</summary>
    /// <param name="userId">The host's user id.</param>
    public ContentProfile GetProfile(string userId) =>
        Users.TryGetIndex(userId, out var u) ? GetProfile(u) : ContentProfile.Empty;

    internal int[] PostPtr => _postPtr;

    internal ContentTermWeight[] PostVectorArray => _postVectors;

    /// <summary>Vectors of posts this model was not trained on, by id.</summary>
    internal PostVectorCache NewPostVectors { get; } = new();

    /// <summary>A post's vector from <see cref="NewPostVectors"/>, vectorising and caching it on first sight.</summary>
    internal PostVector GetNewPostVector(Post post)
    {
        if (!NewPostVectors.TryGet(post, out var vector))
        {
            vector = new PostVector(post, Vectorize(post));
            NewPostVectors.Add(vector);
        }

        return vector;
    }
}
