using System.Data;
using Npgsql;
using Recommender.Postgres.Registry;

namespace Recommender.Postgres;

public sealed partial class PostgresModelStore
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>pg_try_advisory_lock(0x52434D54, hash(schema))</c> on a connection of its own that the handle holds: every
    /// instance (and every other store object) sharing the schema gets null until the handle is disposed or that
    /// connection dies (the server then releases the lock, so a crashed trainer never blocks training for good).
    /// </remarks>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<IAsyncDisposable?> TryAcquireTrainingLockAsync(CancellationToken cancellationToken = default)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @object)", connection);
            command.Parameters.AddWithValue("class", RegistryLocks.TrainingClassId);
            command.Parameters.AddWithValue("object", _tables.Locks.SchemaKey);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                Log.TrainingLockAcquired(_logger, _tables.Schema);
                var handle = new TrainingLock(connection, _tables.Locks.SchemaKey);
                connection = null;
                return handle;
            }

            Log.TrainingLockBusy(_logger, _tables.Schema);
            return null;
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable("take the training lock", _tables.Schema, ex);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Holds the training lock's connection; disposing unlocks and returns it.</summary>
    private sealed class TrainingLock(NpgsqlConnection connection, int schemaKey) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            try
            {
                if (connection.FullState == ConnectionState.Open)
                {
                    using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, @object)", connection);
                    unlock.Parameters.AddWithValue("class", RegistryLocks.TrainingClassId);
                    unlock.Parameters.AddWithValue("object", schemaKey);
                    await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection broke: the server released the lock with the session.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
