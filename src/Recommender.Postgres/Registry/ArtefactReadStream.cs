using System.Data;
using System.Security.Cryptography;
using Npgsql;

namespace Recommender.Postgres.Registry;

/// <summary>
/// Reads an artefact's chunks in order, one query per chunk with sequential access, so that at most the rest of
/// one chunk is in flight; verifies length and SHA-256 at the end. Owns its connection and transaction.
/// </summary>
internal sealed class ArtefactReadStream : Stream
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlCommand _command;
    private readonly NpgsqlParameter<int> _index;
    private readonly long _length;
    private readonly string _checksum;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private NpgsqlDataReader? _reader;
    private Stream? _chunk;
    private long _position;
    private bool _finished;
    private bool _disposed;

    public ArtefactReadStream(NpgsqlConnection connection, NpgsqlTransaction transaction, string chunksTable, long modelId, long length, string checksum)
    {
        _connection = connection;
        _transaction = transaction;
        _length = length;
        _checksum = checksum;
        _command = new NpgsqlCommand(
            $"SELECT data FROM {chunksTable} WHERE model_version_id = @id AND chunk_index = @index", connection, transaction);
        _command.Parameters.Add(new NpgsqlParameter<long>("id", modelId));
        _index = new NpgsqlParameter<int>("index", 0);
        _command.Parameters.Add(_index);
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>The artefact's length as recorded when it was written.</summary>
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!_finished && buffer.Length > 0)
        {
            if (_chunk is null && !OpenNextChunk())
            {
                Finish();
                return 0;
            }

            var read = _chunk!.Read(buffer);
            if (read > 0)
            {
                return Consumed(buffer[..read]);
            }

            CloseChunk();
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!_finished && buffer.Length > 0)
        {
            if (_chunk is null && !await OpenNextChunkAsync(cancellationToken).ConfigureAwait(false))
            {
                Finish();
                return 0;
            }

            var read = await _chunk!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                return Consumed(buffer.Span[..read]);
            }

            await CloseChunkAsync().ConfigureAwait(false);
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await CloseChunkAsync().ConfigureAwait(false);
        await _command.DisposeAsync().ConfigureAwait(false);
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            CloseChunk();
            _command.Dispose();
            _transaction.Dispose();
            _connection.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Consumed(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        _position += data.Length;
        return data.Length;
    }

    private bool OpenNextChunk()
    {
        _reader = _command.ExecuteReader(CommandBehavior.SequentialAccess);
        if (!_reader.Read())
        {
            CloseChunk();
            return false;
        }

        _chunk = _reader.GetStream(0);
        _index.TypedValue++;
        return true;
    }

    private async ValueTask<bool> OpenNextChunkAsync(CancellationToken cancellationToken)
    {
        _reader = await _command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await CloseChunkAsync().ConfigureAwait(false);
            return false;
        }

        _chunk = await _reader.GetStreamAsync(0, cancellationToken).ConfigureAwait(false);
        _index.TypedValue++;
        return true;
    }

    private void CloseChunk()
    {
        _chunk?.Dispose();
        _chunk = null;
        _reader?.Dispose();
        _reader = null;
    }

    private async ValueTask CloseChunkAsync()
    {
        if (_chunk is not null)
        {
            await _chunk.DisposeAsync().ConfigureAwait(false);
            _chunk = null;
        }

        if (_reader is not null)
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
            _reader = null;
        }
    }

    private void Finish()
    {
        _finished = true;
        var actual = ModelVersionStore.FormatChecksum(_hash.GetHashAndReset());
        if (_position != _length || !string.Equals(actual, _checksum, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"The stored artefact is corrupt: read {_position} bytes with {actual}, expected {_length} bytes with {_checksum}.");
        }
    }
}
