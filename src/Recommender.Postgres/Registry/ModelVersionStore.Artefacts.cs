using System.Buffers;
using System.Data;
using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Recommender.Postgres.Registry;

internal sealed partial class ModelVersionStore
{
    /// <summary>
    /// The size of one artefact chunk: 1 MiB. Small enough that neither side ever holds much of the artefact in
    /// memory, large enough that a 300 MB model is only 300 rows.
    /// </summary>
    internal const int ChunkSize = 1 << 20;

    /// <summary>
    /// Stores (or replaces) a model's artefact, streaming <paramref name="content"/> to the end in
    /// <see cref="ChunkSize"/> chunks through binary COPY, in one transaction, and records its SHA-256 and length.
    /// Memory: one chunk, whatever the artefact's size.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The version is unknown.</exception>
    public async Task<ArtefactInfo> WriteArtefactAsync(string version, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var started = Stopwatch.GetTimestamp();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        long id;
        using (var find = new NpgsqlCommand(
            $"SELECT id FROM {_tables.ModelVersions} WHERE version = @version FOR UPDATE;", connection, transaction))
        {
            find.Parameters.AddWithValue("version", version);
            id = await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?
                ?? throw new KeyNotFoundException($"Model '{version}' does not exist.");
        }

        using (var clear = new NpgsqlCommand($"DELETE FROM {_tables.ArtefactChunks} WHERE model_version_id = @id", connection, transaction))
        {
            clear.Parameters.AddWithValue("id", id);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long size = 0;
        var chunks = 0;
        try
        {
            var importer = await connection.BeginBinaryImportAsync(
                $"COPY {_tables.ArtefactChunks} (model_version_id, chunk_index, data) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                while (true)
                {
                    var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    if (filled == 0)
                    {
                        break;
                    }

                    var chunk = new ReadOnlyMemory<byte>(buffer, 0, filled);
                    hash.AppendData(chunk.Span);
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(chunks, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(chunk, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                    size += filled;
                    chunks++;
                    if (filled < ChunkSize)
                    {
                        break;
                    }
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var checksum = FormatChecksum(hash.GetHashAndReset());
        using (var record = new NpgsqlCommand(
            $"UPDATE {_tables.ModelVersions} SET checksum = @checksum, size_bytes = @size WHERE id = @id", connection, transaction))
        {
            record.Parameters.AddWithValue("checksum", checksum);
            record.Parameters.AddWithValue("size", size);
            record.Parameters.AddWithValue("id", id);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.ArtefactWritten(_logger, version, size, chunks, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return new ArtefactInfo(size, checksum, chunks);
    }

    /// <summary>
    /// Opens a model's artefact for reading, chunk by chunk, from one snapshot (a read-only repeatable-read
    /// transaction held by the stream). The stream checks length and SHA-256 when it reaches the end and throws
    /// <see cref="InvalidDataException"/> on a mismatch. Returns null when the version is unknown or has no artefact.
    /// Dispose the stream to return its connection.
    /// </summary>
    public async Task<Stream?> OpenArtefactAsync(string version, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            using var find = new NpgsqlCommand(
                $"SET TRANSACTION READ ONLY; SELECT id, checksum, size_bytes FROM {_tables.ModelVersions} WHERE version = @version AND checksum IS NOT NULL",
                connection,
                transaction);
            find.Parameters.AddWithValue("version", version);
            long id, size;
            string checksum;
            var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                (id, checksum, size) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
            }

            return new ArtefactReadStream(connection, transaction, _tables.ArtefactChunks, id, size, checksum);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static string FormatChecksum(byte[] sha256) => "sha256:" + Convert.ToHexStringLower(sha256);
}
