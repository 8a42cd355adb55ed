using Recommender.Training;

namespace Recommender.Core.Tests.Serving.Support;

/// <summary>An <see cref="InMemoryModelStore"/> whose calls can be made to fail or return a corrupt artefact.</summary>
internal sealed class DelegatingModelStore : IModelStore
{
    private readonly InMemoryModelStore _inner;

    /// <param name="time">The inner store's clock (training-run heartbeats); null for the system clock.</param>
    public DelegatingModelStore(TimeProvider? time = null)
    {
        _inner = new InMemoryModelStore(time);
        _inner.ActiveChanged += (_, e) => ActiveChanged?.Invoke(this, e);
    }

    public event EventHandler? ActiveChanged;

    /// <summary>Versions whose artefact reads back as garbage.</summary>
    public HashSet<string> Corrupt { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every version saved from now on reads back with one byte flipped (a store that corrupts what it
    /// was given, between the save and the activation).</summary>
    public bool FlipBytesAfterSave { get; set; }

    /// <summary>The versions that read back with one byte flipped.</summary>
    public HashSet<string> Flipped { get; } = new(StringComparer.Ordinal);

    /// <summary>Thrown by every call when set.</summary>
    public Exception? FailEverything { get; set; }

    public Func<ModelVersionInfo, ValueTask>? OnSave { get; set; }

    public Func<string, string, ValueTask>? AfterActivate { get; set; }

    public Func<string, ValueTask>? OnDelete { get; set; }

    public InMemoryModelStore Inner => _inner;

    public async ValueTask<ModelVersionInfo> SaveAsync(ModelVersionInfo info, Func<Stream, CancellationToken, ValueTask> writeArtefact, CancellationToken cancellationToken = default)
    {
        Check();
        if (OnSave is { } hook)
        {
            await hook(info);
        }

        var saved = await _inner.SaveAsync(info, writeArtefact, cancellationToken);
        if (FlipBytesAfterSave)
        {
            lock (Flipped)
            {
                Flipped.Add(saved.Version);
            }
        }

        return saved;
    }

    public async ValueTask<Stream> OpenArtefactAsync(string version, CancellationToken cancellationToken = default)
    {
        Check();
        var stream = await _inner.OpenArtefactAsync(version, cancellationToken);
        bool flipped;
        lock (Flipped)
        {
            flipped = Flipped.Contains(version);
        }

        if (flipped)
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            await stream.DisposeAsync();
            bytes[bytes.Length / 2] ^= 0x10;
            return new MemoryStream(bytes, writable: false);
        }

        if (!Corrupt.Contains(version))
        {
            return stream;
        }

        var length = stream.Length;
        await stream.DisposeAsync();
        var garbage = new byte[length];
        new Random(5).NextBytes(garbage);
        return new MemoryStream(garbage);
    }

    public ValueTask<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        Check();
        return _inner.ListAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<string, string>> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        Check();
        return _inner.GetActiveAsync(cancellationToken);
    }

    public async ValueTask ActivateAsync(string version, string variant = ModelVariants.Default, CancellationToken cancellationToken = default)
    {
        Check();
        await _inner.ActivateAsync(version, variant, cancellationToken);
        if (AfterActivate is { } hook)
        {
            await hook(version, variant);
        }
    }

    public ValueTask DeactivateAsync(string variant, CancellationToken cancellationToken = default)
    {
        Check();
        return _inner.DeactivateAsync(variant, cancellationToken);
    }

    public async ValueTask<bool> DeleteAsync(string version, CancellationToken cancellationToken = default)
    {
        Check();
        if (OnDelete is { } hook)
        {
            await hook(version);
        }

        return await _inner.DeleteAsync(version, cancellationToken);
    }

    public ValueTask RecordRunAsync(TrainingRunInfo run, CancellationToken cancellationToken = default)
    {
        Check();
        return _inner.RecordRunAsync(run, cancellationToken);
    }

    public ValueTask<IReadOnlyList<TrainingRunInfo>> ListRunsAsync(int count, CancellationToken cancellationToken = default)
    {
        Check();
        return _inner.ListRunsAsync(count, cancellationToken);
    }

    public ValueTask<int> AbandonStaleRunsAsync(CancellationToken cancellationToken = default)
    {
        Check();
        return _inner.AbandonStaleRunsAsync(cancellationToken);
    }

    public ValueTask<IAsyncDisposable?> TryAcquireTrainingLockAsync(CancellationToken cancellationToken = default)
    {
        Check();
        return _inner.TryAcquireTrainingLockAsync(cancellationToken);
    }

    private void Check()
    {
        if (FailEverything is { } ex)
        {
            throw ex;
        }
    }
}
