namespace Recommender.Data;

/// <summary>
/// Turns the records of one file into items, one at a time, synchronously or asynchronously. A derived cursor
/// reads the header (when its format has one) and maps each record; only the current record is held.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal abstract class DataFileCursor<T> : IDisposable
{
    private bool _started;

    protected DataFileCursor(DelimitedRecordReader reader, bool hasHeader)
    {
        Reader = reader;
        HasHeader = hasHeader;
    }

    public T Current { get; private set; } = default!;

    protected DelimitedRecordReader Reader { get; }

    protected bool HasHeader { get; }

    protected StringPool Pool { get; } = new();

    public bool MoveNext()
    {
        if (!_started)
        {
            _started = true;
            if (HasHeader)
            {
                if (!Reader.Read())
                {
                    throw Reader.Error("the file is empty: expected a header row");
                }

                ReadHeader();
            }

            Start();
        }

        if (!Reader.Read())
        {
            return false;
        }

        Current = Map();
        return true;
    }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            if (HasHeader)
            {
                if (!await Reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw Reader.Error("the file is empty: expected a header row");
                }

                ReadHeader();
            }

            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!await Reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Current = Map();
        return true;
    }

    public void Dispose() => Reader.Dispose();

    /// <summary>Called once with the header row as the reader's current record.</summary>
    protected virtual void ReadHeader()
    {
    }

    /// <summary>Called once before the first data record (for example to load a side file).</summary>
    protected virtual void Start()
    {
    }

    /// <summary>The asynchronous form of <see cref="Start"/>.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    protected virtual ValueTask StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return ValueTask.CompletedTask;
    }

    /// <summary>Maps the reader's current record; throws <see cref="DataFileException"/> when it is malformed.</summary>
    protected abstract T Map();
}
