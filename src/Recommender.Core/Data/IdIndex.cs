using System.Diagnostics.CodeAnalysis;

namespace Recommender.Data;

/// <summary>
/// An immutable map between the host's string ids and the dense integer indices used inside models
/// (0 .. <see cref="Count"/> - 1, in order of first appearance).
/// </summary>
public sealed class IdIndex
{
    private readonly string[] _ids;
    private readonly IdTable _table;

    /// <summary>Wraps distinct, non-null ids (the caller checks).</summary>
    internal IdIndex(string[] ids)
    {
        _ids = ids;
        _table = IdTable.Create(ids);
    }

    /// <summary>An index with no ids.</summary>
    public static IdIndex Empty { get; } = new([]);

    /// <summary>The number of ids.</summary>
    public int Count => _ids.Length;

    /// <summary>The id at a dense index.</summary>
    /// <param name="index">0 .. <see cref="Count"/> - 1.</param>
    public string this[int index] => _ids[index];

    /// <summary>Creates an index over distinct ids, in the given order.</summary>
    /// <param name="ids">The ids; each must be non-empty and appear once.</param>
    /// <exception cref="ArgumentException">An id is null, empty or repeated.</exception>
    public static IdIndex Create(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var builder = new IdIndexBuilder();
        foreach (var id in ids)
        {
            Guard.NotNullOrEmpty(id, nameof(ids));
            if (builder.Contains(id))
            {
                throw new ArgumentException($"The id '{id}' appears more than once.", nameof(ids));
            }

            builder.GetOrAdd(id);
        }

        return builder.Build();
    }

    /// <summary>Finds the dense index of an id.</summary>
    /// <param name="id">The host's id.</param>
    /// <param name="index">The dense index when found.</param>
    /// <returns>True when the id is known.</returns>
    public bool TryGetIndex([NotNullWhen(true)] string? id, out int index)
    {
        if (id is null)
        {
            index = -1;
            return false;
        }

        index = _table.IndexOf(id);
        return index >= 0;
    }

    /// <summary>The dense index of each id (-1 when unknown), resolving them together (faster than one by one).</summary>
    /// <param name="ids">The ids; none may be null.</param>
    /// <param name="destination">At least as long as <paramref name="ids"/>.</param>
    internal void IndexOf(ReadOnlySpan<string> ids, Span<int> destination) => _table.IndexOf(ids, destination);

    /// <summary>The dense index of an id, or -1 when unknown.</summary>
    /// <param name="id">The host's id.</param>
    public int IndexOf(string? id) => TryGetIndex(id, out var index) ? index : -1;

    /// <summary>The ids in index order.</summary>
    public ReadOnlySpan<string> AsSpan() => _ids;
}

/// <summary>Assigns dense indices to ids as they are first seen; <see cref="Build"/> freezes it.</summary>
internal sealed class IdIndexBuilder
{
    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];

    public int Count => _ids.Count;

    public bool Contains(string id) => _indices.ContainsKey(id);

    public bool TryGet(string id, out int index) => _indices.TryGetValue(id, out index);

    public int GetOrAdd(string id)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_indices, id, out var exists);
        if (!exists)
        {
            slot = _ids.Count;
            _ids.Add(id);
        }

        return slot;
    }

    public IdIndex Build() => new([.. _ids]);
}
