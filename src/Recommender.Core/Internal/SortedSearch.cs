namespace Recommender;

/// <summary>Binary searches over ascending spans that, unlike <see cref="MemoryExtensions.BinarySearch{T}(ReadOnlySpan{T}, IComparable{T})"/>, define where runs of equal values start and end.</summary>
internal static class SortedSearch
{
    /// <summary>The number of entries at or below <paramref name="value"/> (the first index whose value is greater).</summary>
    public static int UpperBound(ReadOnlySpan<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The number of entries below <paramref name="value"/> (the first index whose value is at least it).</summary>
    public static int LowerBound(ReadOnlySpan<long> sorted, long value) => value == long.MinValue ? 0 : UpperBound(sorted, value - 1);
}
