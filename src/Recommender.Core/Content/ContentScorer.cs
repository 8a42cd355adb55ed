using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recommender.Data;

namespace Recommender.Content;

/// <summary>
/// Scores many posts against one profile without allocating: the profile is scattered once into a per-thread dense
/// buffer, then a training post costs one lookup per term of its vector and a new post the tokenisation of its tags
/// and text. Dispose it (it clears the buffer). Not thread-safe; use one per request.
/// </summary>
internal ref struct ContentScorer
{
    private readonly ContentModel _model;
    private readonly ReadOnlySpan<int> _profileTerms;
    private float[]? _dense;

    public ContentScorer(ContentModel model, ReadOnlySpan<int> profileTerms, ReadOnlySpan<float> profileWeights)
    {
        _model = model;
        _profileTerms = profileTerms;
        _dense = null;
        if (profileTerms.Length > 0)
        {
            var dense = ContentScratch.RentDense(model.TermCount);
            for (var k = 0; k < profileTerms.Length; k++)
            {
                dense[profileTerms[k]] = profileWeights[k];
            }

            _dense = dense;
        }
    }

    /// <summary>True when the profile has terms (otherwise every score is 0).</summary>
    public readonly bool HasProfile => _dense is not null;

    /// <summary>The cosine of the profile and a training post's vector, in [0, 1]; 0 for an index out of range.</summary>
    public readonly float Score(int post) => Score(post, out _);

    /// <summary>
    /// The cosine of the profile and a training post's vector, in [0, 1]; <paramref name="hasTerms"/> tells whether
    /// the post has any term. 0 and false for an index out of range or an empty profile.
    /// </summary>
    public readonly float Score(int post, out bool hasTerms)
    {
        hasTerms = false;
        if (_dense is not { } dense)
        {
            return 0f;
        }

        var ptr = _model.PostPtr;
        if ((uint)post >= (uint)(ptr.Length - 1))
        {
            return 0f;
        }

        var start = ptr[post];
        var length = ptr[post + 1] - start;
        hasTerms = length > 0;
        return Dot(dense, _model.PostVectorArray.AsSpan(start, length));
    }

    /// <summary>
    /// The cosine of the profile and the training-post vector at <c>[start, start + length)</c> of the model's
    /// vector array (offsets the caller took from the model's row offsets).
    /// </summary>
    public readonly float ScoreRange(int start, int length) =>
        _dense is { } dense && length > 0 ? Dot(dense, _model.PostVectorArray.AsSpan(start, length)) : 0f;

    /// <summary>The cosine of the profile and a post vectorised with the trained vocabulary, in [0, 1].</summary>
    public readonly float Score(Post post) => Score(post, out _);

    /// <summary>
    /// The cosine of the profile and a post vectorised with the trained vocabulary, in [0, 1];
    /// <paramref name="hasTerms"/> tells whether the post has any term of the vocabulary. The post's vector is
    /// cached by id (see <see cref="PostVectorCache"/>), so a new post is tokenised once, not once per user.
    /// </summary>
    public readonly float Score(Post post, out bool hasTerms)
    {
        if (_dense is not { } dense)
        {
            hasTerms = false;
            return 0f;
        }

        var vector = _model.GetNewPostVector(post).Vector;
        hasTerms = vector.Length > 0;
        return Dot(dense, vector);
    }

    /// <summary>
    /// Σ dense[term] × weight over a vector, with four independent sums, clamped to [0, 1]. Term ids are below the
    /// vocabulary size, which the dense buffer covers: the model validates every id when it is built or read, so
    /// the gather skips bounds checks.
    /// </summary>
    internal static float Dot(float[] dense, ReadOnlySpan<ContentTermWeight> vector)
    {
        ref var d = ref MemoryMarshal.GetArrayDataReference(dense);
        ref var v = ref MemoryMarshal.GetReference(vector);
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        var n = vector.Length;
        var k = 0;
        for (; k + 4 <= n; k += 4)
        {
            ref readonly var e0 = ref Unsafe.Add(ref v, k);
            ref readonly var e1 = ref Unsafe.Add(ref v, k + 1);
            ref readonly var e2 = ref Unsafe.Add(ref v, k + 2);
            ref readonly var e3 = ref Unsafe.Add(ref v, k + 3);
            Debug.Assert((uint)e3.Term < (uint)dense.Length, "term ids are validated");
            s0 += Unsafe.Add(ref d, (uint)e0.Term) * e0.Weight;
            s1 += Unsafe.Add(ref d, (uint)e1.Term) * e1.Weight;
            s2 += Unsafe.Add(ref d, (uint)e2.Term) * e2.Weight;
            s3 += Unsafe.Add(ref d, (uint)e3.Term) * e3.Weight;
        }

        for (; k < n; k++)
        {
            ref readonly var e = ref Unsafe.Add(ref v, k);
            s0 += Unsafe.Add(ref d, (uint)e.Term) * e.Weight;
        }

        return Math.Clamp((s0 + s1) + (s2 + s3), 0f, 1f);
    }

    public void Dispose()
    {
        if (_dense is { } dense)
        {
            foreach (var t in _profileTerms)
            {
                dense[t] = 0f;
            }

            ContentScratch.ReturnDense(dense);
            _dense = null;
        }
    }
}
