namespace Recommender.Data;

/// <summary>
/// Returns one string instance per distinct value read, so that a file with a million rows over a thousand users
/// keeps a thousand user-id strings, not a million. Grows with the number of distinct values only.
/// </summary>
internal sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var existing))
        {
            return existing;
        }

        var created = value.ToString();
        _strings.Add(created);
        return created;
    }
}
