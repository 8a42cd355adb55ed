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
    public readonly float Score(int post)
    {
        if (_dense is not { } dense || (uint)post >= (uint)_model.Posts.Count)
        {
            return 0f;
        }

        var terms = _model.GetPostTerms(post);
        var weights = _model.GetPostWeights(post);
        var dot = 0f;
        for (var k = 0; k < terms.Length; k++)
        {
            dot += dense[terms[k]] * weights[k];
        }

        return Math.Clamp(dot, 0f, 1f);
    }

    /// <summary>The cosine of the profile and a post vectorised with the trained vocabulary, in [0, 1].</summary>
    public readonly float Score(Post post) => Score(post, out _);

    /// <summary>
    /// The cosine of the profile and a post vectorised with the trained vocabulary, in [0, 1];
    /// <paramref name="hasTerms"/> tells whether the post has any term of the vocabulary.
    /// </summary>
    public readonly float Score(Post post, out bool hasTerms)
    {
        hasTerms = false;
        if (_dense is not { } dense)
        {
            return 0f;
        }

        var vocabulary = _model.Vocabulary;
        var (ids, weights) = ContentScratch.Terms(vocabulary.MaxOccurrences(post));
        var n = vocabulary.CollectTerms(post, ids);
        if (n == 0)
        {
            return 0f;
        }

        hasTerms = true;
        var span = ids.AsSpan(0, n);
        if (n > 1)
        {
            span.Sort();
        }

        var unique = vocabulary.Weigh(span, weights);
        float dot = 0f, squares = 0f;
        for (var k = 0; k < unique; k++)
        {
            var w = weights[k];
            dot += dense[ids[k]] * w;
            squares += w * w;
        }

        return squares > 0f ? Math.Clamp(dot / MathF.Sqrt(squares), 0f, 1f) : 0f;
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
