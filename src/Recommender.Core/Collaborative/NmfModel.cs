using Recommender.Data;

namespace Recommender.Collaborative;

/// <summary>
/// A trained non-negative factorisation: a k-vector of non-negative factors per user and per post; a user's
/// affinity to a post is the dot product. Immutable and safe to share between threads. Produced by
/// <see cref="NmfTrainer"/> or <see cref="Load(Stream)"/>; saved with <see cref="Save(Stream)"/> (docs/model-format.md).
/// </summary>
public sealed partial class NmfModel
{
    private readonly float[] _userFactors;
    private readonly float[] _postFactors;
    private readonly float[] _postGram;
    private readonly float[] _postNorms;
    private readonly int[] _seenPtr;
    private readonly int[] _seenIdx;

    internal NmfModel(IdIndex users, IdIndex posts, int factors, float[] userFactors, float[] postFactors, float[] postGram, int[] seenPtr, int[] seenIdx, NmfTrainingSummary summary)
    {
        Users = users;
        Posts = posts;
        FactorCount = factors;
        _userFactors = userFactors;
        _postFactors = postFactors;
        _postGram = postGram;
        _seenPtr = seenPtr;
        _seenIdx = seenIdx;
        Summary = summary;
        _postNorms = new float[posts.Count];
        for (var p = 0; p < posts.Count; p++)
        {
            _postNorms[p] = System.Numerics.Tensors.TensorPrimitives.Norm(GetPostFactors(p));
        }
    }

    /// <summary>The users the model was trained on, in index order.</summary>
    public IdIndex Users { get; }

    /// <summary>The posts the model was trained on, in index order.</summary>
    public IdIndex Posts { get; }

    /// <summary>The number of latent factors (k).</summary>
    public int FactorCount { get; }

    /// <summary>How the model was trained.</summary>
    public NmfTrainingSummary Summary { get; }

    /// <summary>A user's factors (k non-negative values).</summary>
    /// <param name="user">The user's dense index.</param>
    public ReadOnlySpan<float> GetUserFactors(int user) => _userFactors.AsSpan(checked(user * FactorCount), FactorCount);

    /// <summary>A user's factors, or an empty span when the user is unknown.</summary>
    /// <param name="userId">The host's user id.</param>
    public ReadOnlySpan<float> GetUserFactors(string userId) =>
        Users.TryGetIndex(userId, out var u) ? GetUserFactors(u) : [];

    /// <summary>A post's factors (k non-negative values).</summary>
    /// <param name="post">The post's dense index.</param>
    public ReadOnlySpan<float> GetPostFactors(int post) => _postFactors.AsSpan(checked(post * FactorCount), FactorCount);

    /// <summary>The posts a user engaged with or gave negative feedback on at training time, ascending.</summary>
    /// <param name="user">The user's dense index.</param>
    public ReadOnlySpan<int> GetSeenPosts(int user) => _seenIdx.AsSpan(_seenPtr[user], _seenPtr[user + 1] - _seenPtr[user]);

    /// <summary>The Euclidean norm of a post's factors (for cosine similarity).</summary>
    /// <param name="post">The post's dense index.</param>
    public float GetPostNorm(int post) => _postNorms[post];

    internal ReadOnlySpan<float> PostGram => _postGram;

    internal ReadOnlySpan<float> AllUserFactors => _userFactors;

    internal ReadOnlySpan<float> AllPostFactors => _postFactors;
}
