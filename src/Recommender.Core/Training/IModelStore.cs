namespace Recommender.Training;

/// <summary>
/// The model registry's storage: versions with their metadata and artefacts, which version each variant serves,
/// and the training-run log. <see cref="InMemoryModelStore"/> keeps everything in memory; Recommender.Postgres
/// keeps it in PostgreSQL, shared by every app instance. Implementations must make <see cref="SaveAsync"/> and
/// <see cref="ActivateAsync"/> atomic: a failure at any point leaves the previous active version serving and no
/// half-written version marked <see cref="ModelStatus.Ready"/>.
/// </summary>
public interface IModelStore
{
    /// <summary>Stores a new version: the artefact is streamed by <paramref name="writeArtefact"/>; the version becomes
    /// <see cref="ModelStatus.Ready"/> only when it completed. Checksum and size are computed by the store.</summary>
    /// <param name="info">Metadata; its status, checksum, size and active fields are set by the store.</param>
    /// <param name="writeArtefact">Writes the artefact to the stream it is given.</param>
    /// <param name="cancellationToken">Stops the save; nothing is kept.</param>
    /// <returns>The stored metadata.</returns>
    ValueTask<ModelVersionInfo> SaveAsync(ModelVersionInfo info, Func<Stream, CancellationToken, ValueTask> writeArtefact, CancellationToken cancellationToken = default);

    /// <summary>Opens a ready version's artefact for reading; the caller disposes the stream.</summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Stops the open.</param>
    /// <exception cref="KeyNotFoundException">No ready or retired version has that name.</exception>
    ValueTask<Stream> OpenArtefactAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>Every version, newest first.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    ValueTask<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Which version each variant serves (variant → version).</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    ValueTask<IReadOnlyDictionary<string, string>> GetActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes a ready (or retired) version the one a variant serves, atomically replacing the previous one,
    /// which becomes retired unless another variant serves it.</summary>
    /// <param name="version">The version.</param>
    /// <param name="variant">The variant; "default" for the main model.</param>
    /// <param name="cancellationToken">Stops the change; nothing changes.</param>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="InvalidOperationException">The version is not ready or retired.</exception>
    ValueTask ActivateAsync(string version, string variant = ModelVariants.Default, CancellationToken cancellationToken = default);

    /// <summary>Stops a variant serving any version (an A/B test ends). The default variant cannot be deactivated.</summary>
    /// <param name="variant">The variant.</param>
    /// <param name="cancellationToken">Stops the change.</param>
    ValueTask DeactivateAsync(string variant, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version that is not active.</summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Stops the delete.</param>
    /// <returns>False when there was no such version.</returns>
    /// <exception cref="InvalidOperationException">The version is active.</exception>
    ValueTask<bool> DeleteAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>Adds or updates a training-run record, stamping <see cref="TrainingRunInfo.HeartbeatAt"/> with the
    /// store's clock (the running pipeline calls it every <see cref="TrainingOptions.HeartbeatInterval"/>).</summary>
    /// <param name="run">The record.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    ValueTask RecordRunAsync(TrainingRunInfo run, CancellationToken cancellationToken = default);

    /// <summary>The most recent training runs, newest first. Stale runs are first marked abandoned
    /// (<see cref="AbandonStaleRunsAsync"/>).</summary>
    /// <param name="count">How many at most.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    ValueTask<IReadOnlyList<TrainingRunInfo>> ListRunsAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks every run still recorded as <see cref="TrainingOutcome.Running"/> whose last heartbeat is older than its
    /// <see cref="TrainingRunInfo.Lease"/>, on the store's clock, as <see cref="TrainingOutcome.Abandoned"/> (finished
    /// now, with an error saying so): the process running it stopped. Runs without a lease are left alone. The
    /// default implementation does nothing (a store that does not track heartbeats).
    /// </summary>
    /// <param name="cancellationToken">Stops the change.</param>
    /// <returns>How many runs were marked.</returns>
    ValueTask<int> AbandonStaleRunsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

    /// <summary>
    /// Tries to take the store-wide training lock (one training at a time across every instance sharing the store).
    /// </summary>
    /// <param name="cancellationToken">Stops the attempt.</param>
    /// <returns>A handle that releases the lock when disposed, or null when another holder has it.</returns>
    ValueTask<IAsyncDisposable?> TryAcquireTrainingLockAsync(CancellationToken cancellationToken = default);

    /// <summary>Raised (possibly on another thread) after the active versions may have changed, also when another
    /// instance changed them. Handlers should re-read <see cref="GetActiveAsync"/>.</summary>
    event EventHandler? ActiveChanged;
}
