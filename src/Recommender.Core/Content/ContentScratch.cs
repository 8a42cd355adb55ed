namespace Recommender.Content;

/// <summary>
/// Per-thread scratch memory of content scoring, so that the ranking path allocates nothing once warm. The dense
/// profile buffer is kept all-zero between uses (a scorer scatters a profile into it and clears exactly those
/// entries when disposed); a nested use on the same thread gets a fresh array instead.
/// </summary>
internal static class ContentScratch
{
    [ThreadStatic]
    private static float[]? t_dense;

    [ThreadStatic]
    private static bool t_denseInUse;

    /// <summary>An all-zero buffer of at least <paramref name="length"/> floats.</summary>
    public static float[] RentDense(int length)
    {
        if (t_denseInUse)
        {
            return new float[length];
        }

        if (t_dense is null || t_dense.Length < length)
        {
            t_dense = new float[length];
        }

        t_denseInUse = true;
        return t_dense;
    }

    /// <summary>Gives back a buffer from <see cref="RentDense"/>; the caller has zeroed what it wrote.</summary>
    public static void ReturnDense(float[] dense)
    {
        if (ReferenceEquals(dense, t_dense))
        {
            t_denseInUse = false;
        }
    }
}
