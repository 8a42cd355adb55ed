using System.Security.Cryptography;

namespace Recommender.Training;

/// <summary>
/// An <see cref="IModelStore"/> in process memory: for a single instance, tests, and hosts that retrain at start.
/// Thread-safe; every change is atomic under one lock. Training-run heartbeats are stamped and judged on the store's
/// clock.
/// </summary>
public sealed class InMemoryModelStore : IModelStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, (ModelVersionInfo Info, byte[] Artefact)> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _active = new(StringComparer.Ordinal);
    private readonly List<TrainingRunInfo> _runs = [];
    private int _trainingLockHeld;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock that stamps and judges training-run heartbeats; null for the system clock.</param>
    public InMemoryModelStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public event EventHandler? ActiveChanged;

    /// <inheritdoc />
    public async ValueTask<ModelVersionInfo> SaveAsync(ModelVersionInfo info, Func<Stream, CancellationToken, ValueTask> writeArtefact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(writeArtefact);
        Guard.NotNullOrEmpty(info.Version, "ModelVersionInfo.Version");
        lock (_gate)
        {
            if (_versions.ContainsKey(info.Version))
            {
                throw new InvalidOperationException($"Model version '{info.Version}' already exists.");
            }
        }

        using var buffer = new MemoryStream();
        await writeArtefact(buffer, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var artefact = buffer.ToArray();
        var stored = info with
        {
            Status = ModelStatus.Ready,
            IsActive = false,
            Variant = null,
            Checksum = Convert.ToHexStringLower(SHA256.HashData(artefact)),
            SizeBytes = artefact.LongLength,
        };

        lock (_gate)
        {
            if (!_versions.TryAdd(info.Version, (stored, artefact)))
            {
                throw new InvalidOperationException($"Model version '{info.Version}' already exists.");
            }
        }

        return stored;
    }

    /// <inheritdoc />
    public ValueTask<Stream> OpenArtefactAsync(string version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_versions.TryGetValue(version, out var entry) || entry.Info.Status is not (ModelStatus.Ready or ModelStatus.Retired))
            {
                throw new KeyNotFoundException($"No loadable model version '{version}'.");
            }

            return ValueTask.FromResult<Stream>(new MemoryStream(entry.Artefact, writable: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ModelVersionInfo> list = [.. _versions.Values.Select(v => Describe(v.Info)).OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Version, StringComparer.Ordinal)];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(_active, StringComparer.Ordinal));
        }
    }

    /// <inheritdoc />
    public ValueTask ActivateAsync(string version, string variant = ModelVariants.Default, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(variant, nameof(variant));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_versions.TryGetValue(version, out var entry))
            {
                throw new KeyNotFoundException($"No model version '{version}'.");
            }

            if (entry.Info.Status is not (ModelStatus.Ready or ModelStatus.Retired))
            {
                throw new InvalidOperationException($"Model version '{version}' is {entry.Info.Status} and cannot be activated.");
            }

            _active.TryGetValue(variant, out var previous);
            _active[variant] = version;
            _versions[version] = (entry.Info with { Status = ModelStatus.Ready }, entry.Artefact);
            if (previous is not null && previous != version)
            {
                Retire(previous);
            }
        }

        ActiveChanged?.Invoke(this, EventArgs.Empty);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeactivateAsync(string variant, CancellationToken cancellationToken = default)
    {
        if (variant == ModelVariants.Default)
        {
            throw new InvalidOperationException("The default variant cannot be deactivated; activate another version instead.");
        }

        lock (_gate)
        {
            if (!_active.Remove(variant, out var previous))
            {
                return ValueTask.CompletedTask;
            }

            Retire(previous);
        }

        ActiveChanged?.Invoke(this, EventArgs.Empty);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_active.ContainsValue(version))
            {
                throw new InvalidOperationException($"Model version '{version}' is active and cannot be deleted.");
            }

            return ValueTask.FromResult(_versions.Remove(version));
        }
    }

    /// <inheritdoc />
    public ValueTask RecordRunAsync(TrainingRunInfo run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        run = run with { HeartbeatAt = _timeProvider.GetUtcNow() };
        lock (_gate)
        {
            var i = _runs.FindIndex(r => r.RunId == run.RunId);
            if (i >= 0)
            {
                _runs[i] = run;
            }
            else
            {
                _runs.Add(run);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TrainingRunInfo>> ListRunsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            AbandonStale();
            IReadOnlyList<TrainingRunInfo> list = [.. _runs.OrderByDescending(r => r.StartedAt).Take(count)];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> AbandonStaleRunsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(AbandonStale());
        }
    }

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable?> TryAcquireTrainingLockAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IAsyncDisposable?>(Interlocked.CompareExchange(ref _trainingLockHeld, 1, 0) == 0 ? new Releaser(this) : null);
    }

    /// <summary>Under the lock.</summary>
    private int AbandonStale()
    {
        var now = _timeProvider.GetUtcNow();
        var marked = 0;
        for (var i = 0; i < _runs.Count; i++)
        {
            var run = _runs[i];
            if (run is { Outcome: TrainingOutcome.Running, Lease: { } lease, HeartbeatAt: { } beat } && now - beat > lease)
            {
                _runs[i] = run with { Outcome = TrainingOutcome.Abandoned, FinishedAt = now, Error = TrainingRunText.Abandoned(beat, lease) };
                marked++;
            }
        }

        return marked;
    }

    private void Retire(string version)
    {
        if (!_active.ContainsValue(version) && _versions.TryGetValue(version, out var entry))
        {
            _versions[version] = (entry.Info with { Status = ModelStatus.Retired }, entry.Artefact);
        }
    }

    private ModelVersionInfo Describe(ModelVersionInfo info)
    {
        var variant = _active.FirstOrDefault(a => a.Value == info.Version).Key;
        return info with { IsActive = variant is not null, Variant = variant };
    }

    private sealed class Releaser(InMemoryModelStore store) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Volatile.Write(ref store._trainingLockHeld, 0);
            }

            return ValueTask.CompletedTask;
        }
    }
}
