namespace Recommender.Features;

/// <summary>A growable array of fixed-width rows (for example 8 counts per user), grown as indices appear.</summary>
internal sealed class RowArray<T>
    where T : struct
{
    private readonly int _stride;
    private readonly T _initial;
    private T[] _data;
    private int _rows;

    public RowArray(int stride, T initial = default)
    {
        _stride = stride;
        _initial = initial;
        _data = new T[stride * 64];
        if (!EqualityComparer<T>.Default.Equals(initial, default))
        {
            Array.Fill(_data, initial);
        }
    }

    public int Rows => _rows;

    public Span<T> Row(int row)
    {
        if (row >= _rows)
        {
            var needed = (row + 1) * _stride;
            if (needed > _data.Length)
            {
                var old = _data.Length;
                Array.Resize(ref _data, Math.Max(needed, old * 2));
                if (!EqualityComparer<T>.Default.Equals(_initial, default))
                {
                    _data.AsSpan(old).Fill(_initial);
                }
            }

            _rows = row + 1;
        }

        return _data.AsSpan(row * _stride, _stride);
    }

    /// <summary>The first <paramref name="rows"/> rows (rows never touched hold the initial value).</summary>
    public T[] ToArray(int rows)
    {
        if (rows > 0)
        {
            Row(rows - 1);
        }

        return _data.AsSpan(0, rows * _stride).ToArray();
    }
}
