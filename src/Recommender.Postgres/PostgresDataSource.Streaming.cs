using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Recommender.Postgres;

public sealed partial class PostgresDataSource
{
    /// <summary>
    /// Streams a SELECT through a server-side cursor: one read-only transaction, <c>DECLARE ... NO SCROLL CURSOR</c>
    /// with the parameters bound, then <c>FETCH FORWARD n</c> until a short batch. At most one batch is in memory.
    /// Breaking out of the loop or cancelling closes the cursor (the transaction is rolled back).
    /// </summary>
    private async IAsyncEnumerable<T> StreamAsync<T>(
        RowReader<T> rows,
        string sql,
        bool bindSince,
        DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var connection = await OpenAsync("read " + rows.What, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        // Read only: a host SELECT can change nothing. cursor_tuple_fraction 1: plan for reading every row
        // (the default 0.1 favours fast-start plans, such as a full index scan instead of a sequential scan).
        using (var setup = new NpgsqlCommand("SET TRANSACTION READ ONLY; SET LOCAL cursor_tuple_fraction = 1.0", connection, transaction))
        {
            await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var declare = new NpgsqlCommand($"DECLARE {CursorName} NO SCROLL CURSOR FOR {sql}", connection, transaction))
        {
            if (bindSince)
            {
                // Npgsql writes only UTC offsets to timestamptz; the instant is the same.
                declare.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz)
                {
                    Value = since is { } s ? s.ToUniversalTime() : DBNull.Value,
                });
            }

            await declare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var fetchSize = _options.FetchSize;
        using var fetch = new NpgsqlCommand(
            string.Create(CultureInfo.InvariantCulture, $"FETCH FORWARD {fetchSize} FROM {CursorName}"), connection, transaction);
        long returned = 0;
        while (true)
        {
            var fetched = 0;
            var reader = await fetch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                rows.CheckShape(reader);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    fetched++;
                    if (rows.TryRead(reader, out var item))
                    {
                        returned++;
                        yield return item;
                    }
                }
            }

            if (fetched < fetchSize)
            {
                break;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        rows.Complete(returned);
        Log.ReadCompleted(_logger, returned, rows.What, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
