using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Recommender.Data;

/// <summary>
/// The frozen id → dense index map behind <see cref="IdIndex"/>: open addressing with linear probing over one array
/// of 8-byte slots (the hash's low half and index + 1; 0 is empty), at most half full. A lookup costs one slot read
/// and one string comparison. <see cref="IndexOf(ReadOnlySpan{string}, Span{int})"/> resolves many ids in passes
/// (hash all, probe all, compare all) so that the memory reads of different ids overlap instead of waiting on one
/// another: resolving a ranking request's 500 candidates is bound by cache misses, not arithmetic.
/// </summary>
/// <remarks>
/// Hashes are XxHash3 of the id's UTF-16 code units with a seed drawn once per process. A table whose longest run of
/// occupied slots exceeds <see cref="MaxRun"/> (crafted ids that collide whatever the seed) is rebuilt on the
/// per-process randomised <see cref="string.GetHashCode()"/>, as <see cref="Dictionary{TKey, TValue}"/> does.
/// </remarks>
internal sealed class IdTable
{
    /// <summary>Far beyond a half-full table's longest run for honest ids (about 80 slots at 10 million ids).</summary>
    internal const int MaxRun = 1_024;

    /// <summary>The most ids a table holds (its slot array, twice as long, stays within an array's length limit).</summary>
    internal const int MaxIds = 1 << 29;

    // Only where ids land in the table depends on it, never an index: results stay reproducible.
    private static readonly long Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    private readonly string[] _ids;
    private readonly ulong[] _slots;
    private readonly int _mask;

    /// <summary>Builds the table; the caller guarantees the ids are distinct and not null. See <see cref="Create(string[])"/>.</summary>
    internal IdTable(string[] ids, bool randomizedHash)
    {
        if (ids.Length > MaxIds)
        {
            throw new NotSupportedException($"An id index holds at most {MaxIds:N0} ids, was given {ids.Length:N0}.");
        }

        _ids = ids;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, ids.Length * 2));
        _slots = new ulong[capacity];
        _mask = capacity - 1;
        RandomizedHash = randomizedHash;
        for (var i = 0; i < ids.Length; i++)
        {
            var hash = Hash(ids[i]);
            var s = (int)hash & _mask;
            while (_slots[s] != 0)
            {
                s = (s + 1) & _mask;
            }

            _slots[s] = ((ulong)hash << 32) | (uint)(i + 1);
        }
    }

    /// <summary>True when the table hashes with <see cref="string.GetHashCode()"/> (after a collision flood).</summary>
    public bool RandomizedHash { get; }

    /// <summary>Builds a table, falling back to the randomised string hash when the ids collide in long runs.</summary>
    public static IdTable Create(string[] ids) => Create(ids, MaxRun);

    /// <summary>As <see cref="Create(string[])"/> with another run limit (tests force the fallback with 0).</summary>
    internal static IdTable Create(string[] ids, int maxRun)
    {
        var table = new IdTable(ids, randomizedHash: false);
        return table.LongestRun() > maxRun ? new IdTable(ids, randomizedHash: true) : table;
    }

    /// <summary>The dense index of <paramref name="id"/>, or -1.</summary>
    public int IndexOf(string id)
    {
        var hash = Hash(id);
        var slots = _slots;
        var s = (int)hash & _mask;
        while (true)
        {
            var slot = slots[s];
            if (slot == 0)
            {
                return -1;
            }

            if ((uint)(slot >> 32) == hash)
            {
                var index = (int)(uint)slot - 1;
                if (string.Equals(_ids[index], id, StringComparison.Ordinal))
                {
                    return index;
                }
            }

            s = (s + 1) & _mask;
        }
    }

    /// <summary>
    /// The dense index of each id (-1 when unknown), in three passes: hash every id, find every id's first slot
    /// with a matching hash, then confirm by comparing strings (a rare mismatch falls back to <see cref="IndexOf(string)"/>).
    /// </summary>
    /// <param name="ids">The ids; none may be null.</param>
    /// <param name="destination">At least as long as <paramref name="ids"/>.</param>
    public void IndexOf(ReadOnlySpan<string> ids, Span<int> destination)
    {
        if (destination.Length < ids.Length)
        {
            throw new ArgumentException($"The destination needs {ids.Length} slots, has {destination.Length}.", nameof(destination));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            destination[i] = (int)Hash(ids[i]);
        }

        var slots = _slots;
        for (var i = 0; i < ids.Length; i++)
        {
            var hash = (uint)destination[i];
            var s = (int)hash & _mask;
            var found = -1;
            while (slots[s] is var slot && slot != 0)
            {
                if ((uint)(slot >> 32) == hash)
                {
                    found = (int)(uint)slot - 1;
                    break;
                }

                s = (s + 1) & _mask;
            }

            destination[i] = found;
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var index = destination[i];
            if (index >= 0 && !string.Equals(_ids[index], ids[i], StringComparison.Ordinal))
            {
                destination[i] = IndexOf(ids[i]);
            }
        }
    }

    /// <summary>The longest run of occupied slots (a lookup of an unknown id walks at most this far).</summary>
    internal int LongestRun()
    {
        int longest = 0, run = 0, first = -1;
        for (var s = 0; s < _slots.Length; s++)
        {
            if (_slots[s] != 0)
            {
                run++;
                continue;
            }

            first = first < 0 ? run : first;
            longest = Math.Max(longest, run);
            run = 0;
        }

        // A run at the end wraps around into the run at the start.
        return first < 0 ? _slots.Length : Math.Max(longest, run + first);
    }

    private uint Hash(string id) => RandomizedHash
        ? (uint)id.GetHashCode()
        : (uint)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()), Seed);
}
