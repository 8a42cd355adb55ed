namespace Recommender.Content;

/// <summary>
/// A user's content profile: a sparse, L2-normalised vector over a <see cref="ContentModel"/>'s vocabulary
/// (term ids ascending, weights positive), or empty when nothing is known of the user's taste. Immutable; only
/// meaningful with the model that produced it.
/// </summary>
public sealed class ContentProfile
{
    private readonly int[] _terms;
    private readonly float[] _weights;

    internal ContentProfile(int[] terms, float[] weights)
    {
        _terms = terms;
        _weights = weights;
    }

    /// <summary>A profile with no terms: every post scores 0 against it.</summary>
    public static ContentProfile Empty { get; } = new([], []);

    /// <summary>The number of terms.</summary>
    public int Count => _terms.Length;

    /// <summary>True when the profile has no terms.</summary>
    public bool IsEmpty => _terms.Length == 0;

    /// <summary>The term ids, ascending.</summary>
    public ReadOnlySpan<int> Terms => _terms;

    /// <summary>The weights matching <see cref="Terms"/>; their squares sum to 1 unless the profile is empty.</summary>
    public ReadOnlySpan<float> Weights => _weights;
}
