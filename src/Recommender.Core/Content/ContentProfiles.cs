namespace Recommender.Content;

/// <summary>Combining content profiles (a trained one and one built from engagements recorded since training).</summary>
internal static class ContentProfiles
{
    /// <summary>
    /// <c>normalise(a + weightB × b)</c>, truncated to the <paramref name="maxTerms"/> largest weights. Both must come
    /// from the same model. An empty side returns the other.
    /// </summary>
    public static ContentProfile Merge(ContentProfile a, ContentProfile b, float weightB, int maxTerms)
    {
        if (b.IsEmpty || weightB <= 0f)
        {
            return a;
        }

        if (a.IsEmpty)
        {
            return b;
        }

        var sums = new Dictionary<int, float>(a.Count + b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            sums[a.Terms[i]] = a.Weights[i];
        }

        for (var i = 0; i < b.Count; i++)
        {
            sums[b.Terms[i]] = sums.GetValueOrDefault(b.Terms[i]) + (weightB * b.Weights[i]);
        }

        var top = sums.Where(kv => kv.Value > 0f)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key)
            .Take(maxTerms)
            .OrderBy(kv => kv.Key)
            .ToArray();
        var norm = MathF.Sqrt(top.Sum(kv => kv.Value * kv.Value));
        if (norm == 0f)
        {
            return ContentProfile.Empty;
        }

        return new ContentProfile([.. top.Select(kv => kv.Key)], [.. top.Select(kv => kv.Value / norm)]);
    }
}
