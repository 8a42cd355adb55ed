using System.Buffers;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Recommender.Postgres.Registry;

/// <summary>
/// The write-only stream an artefact writer is given: it cuts what it receives into
/// <see cref="ModelVersionStore.ChunkSize"/> chunks and sends each as one row of a binary COPY into
/// <c>model_artefact_chunks</c>, hashing as it goes. At most one chunk is buffered. The writer may dispose the
/// stream (a wrapping writer often does): that only stops further writes; the owner calls <see cref="CompleteAsync"/>
/// for the last, partial chunk and <see cref="ReleaseBuffer"/> at the end.
/// </summary>
internal sealed class ArtefactWriteStream : Stream
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly long _modelId;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(ModelVersionStore.ChunkSize);
    private int _filled;
    private long _size;
    private int _chunks;
    private bool _closed;

    public ArtefactWriteStream(NpgsqlBinaryImporter importer, long modelId)
    {
        _importer = importer;
        _modelId = modelId;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_closed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _size + _filled;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chunk = Writable();
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, ModelVersionStore.ChunkSize - _filled);
            buffer[..n].CopyTo(chunk.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
            if (_filled == ModelVersionStore.ChunkSize)
            {
                _importer.StartRow();
                _importer.Write(_modelId, NpgsqlDbType.Bigint);
                _importer.Write(_chunks, NpgsqlDbType.Integer);
                _importer.Write(new ReadOnlyMemory<byte>(chunk, 0, _filled), NpgsqlDbType.Bytea);
                Sent();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var chunk = Writable();
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, ModelVersionStore.ChunkSize - _filled);
            buffer.Span[..n].CopyTo(chunk.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
            if (_filled == ModelVersionStore.ChunkSize)
            {
                await SendAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override void Flush()
    {
        // Chunks are sent when full; a partial one waits for more data or for CompleteAsync.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Sends the last, partial chunk; returns what was written. The stream takes no more writes.</summary>
    public async Task<ArtefactInfo> CompleteAsync(CancellationToken cancellationToken)
    {
        var chunk = _buffer ?? throw new ObjectDisposedException(nameof(ArtefactWriteStream));
        _closed = true;
        if (_filled > 0)
        {
            await SendAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        return new ArtefactInfo(_size, ModelVersionStore.FormatChecksum(_hash.GetHashAndReset()), _chunks);
    }

    /// <summary>Returns the chunk buffer to the pool; the stream is unusable afterwards.</summary>
    public void ReleaseBuffer()
    {
        _closed = true;
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
            _hash.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        // The writer is done; the owner still completes and releases.
        _closed = true;
        base.Dispose(disposing);
    }

    private byte[] Writable()
    {
        if (_closed || _buffer is null)
        {
            throw new ObjectDisposedException(nameof(ArtefactWriteStream), "The artefact stream is closed: write the artefact before writeArtefact returns.");
        }

        return _buffer;
    }

    private async ValueTask SendAsync(byte[] chunk, CancellationToken cancellationToken)
    {
        await _importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(_modelId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(_chunks, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(new ReadOnlyMemory<byte>(chunk, 0, _filled), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        Sent();
    }

    private void Sent()
    {
        _hash.AppendData(_buffer.AsSpan(0, _filled));
        _size += _filled;
        _chunks++;
        _filled = 0;
    }
}
