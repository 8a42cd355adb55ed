using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Recommender.Postgres.DependencyInjection;

/// <summary>
/// Applies missing migrations when the host starts, if <see cref="PostgresRecommenderOptions.MigrateOnStart"/>:
/// in <see cref="StartingAsync"/>, which the host runs before any hosted service's <c>StartAsync</c>, so the
/// tables exist before the recommender loads its model. A failure stops the host from starting.
/// </summary>
internal sealed class PostgresMigrationHostedService(PostgresRecommenderDatabase database, ILogger<PostgresMigrator>? logger = null) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (database.Options.MigrateOnStart)
        {
            await new PostgresMigrator(database.DataSource, database.Options, logger).MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
