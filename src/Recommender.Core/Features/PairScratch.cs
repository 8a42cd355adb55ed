namespace Recommender.Features;

/// <summary>
/// Per-thread lookup tables for one ranking request: the user's seen posts and followed authors as bitsets, their
/// author shares as a dense array, so that each candidate costs a few loads instead of binary searches. Scattered at
/// the start of a request and cleared entry by entry at the end, so the arrays are all-zero between requests and
/// nothing is allocated once they have grown to the store's size. A nested use on the same thread gets its own.
/// </summary>
internal sealed class PairScratch
{
    [ThreadStatic]
    private static PairScratch? t_free;

    private ulong[] _seen = [];
    private ulong[] _follows = [];
    private float[] _shares = [];
    private float[] _coEngagement = [];
    private ulong[] _candidateMarks = [];
    private int[] _tableKeys = [];
    private float[] _tableSums = [];
    private int _seenWords;

    public ReadOnlySpan<ulong> Seen => _seen;

    public ReadOnlySpan<ulong> Follows => _follows;

    public ReadOnlySpan<float> Shares => _shares;

    public static PairScratch Rent()
    {
        var scratch = t_free ?? new PairScratch();
        t_free = null;
        return scratch;
    }

    public static void Return(PairScratch scratch) => t_free = scratch;

    /// <summary>The co-engagement accumulator (all zero; the graph leaves it so).</summary>
    public Span<float> CoEngagement(int posts)
    {
        Grow(ref _coEngagement, posts);
        return _coEngagement;
    }

    /// <summary>The candidate bitset (all zero) and a table (keys -1, sums 0); returns its size to use, a power of two at least twice the candidates.</summary>
    public int CoEngagementTable(int posts, int candidates, out ulong[] marks, out int[] keys, out float[] sums)
    {
        Grow(ref _candidateMarks, (posts + 63) >> 6);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * candidates));
        if (_tableKeys.Length < size)
        {
            _tableKeys = new int[size];
            Array.Fill(_tableKeys, -1);
            _tableSums = new float[size];
        }

        (marks, keys, sums) = (_candidateMarks, _tableKeys, _tableSums);
        return size;
    }

    public void LoadSeen(ReadOnlySpan<int> seen, int posts)
    {
        _seenWords = (posts + 63) >> 6;
        Grow(ref _seen, _seenWords);
        foreach (var p in seen)
        {
            _seen[p >> 6] |= 1UL << (p & 63);
        }
    }

    public void ClearSeen(ReadOnlySpan<int> seen)
    {
        // A long history is cheaper to wipe with one memset over the words in use.
        if (seen.Length * 8 > _seenWords)
        {
            Array.Clear(_seen, 0, _seenWords);
            return;
        }

        foreach (var p in seen)
        {
            _seen[p >> 6] = 0;
        }
    }

    public void LoadAuthors(ReadOnlySpan<int> shareIndices, ReadOnlySpan<float> shareValues, ReadOnlySpan<int> follows, int authors)
    {
        Grow(ref _shares, authors);
        Grow(ref _follows, (authors + 63) >> 6);
        for (var k = 0; k < shareIndices.Length; k++)
        {
            _shares[shareIndices[k]] = shareValues[k];
        }

        foreach (var a in follows)
        {
            _follows[a >> 6] |= 1UL << (a & 63);
        }
    }

    public void ClearAuthors(ReadOnlySpan<int> shareIndices, ReadOnlySpan<int> follows)
    {
        foreach (var a in shareIndices)
        {
            _shares[a] = 0f;
        }

        foreach (var a in follows)
        {
            _follows[a >> 6] = 0;
        }
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[length];
        }
    }
}
