using Npgsql;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Postgres.Tests;

/// <summary>
/// Proves the grants documented in docs/postgres.md suffice: a role that was given only those runs an up-to-date
/// migration, every SDK table operation and every data read, and is refused what it was not given.
/// </summary>
public sealed class PrivilegesTests(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    [Fact]
    public async Task RuntimeRole_WithTheDocumentedGrants_CanDoEverythingTheSdkDoes()
    {
        await RequireCreateRoleAsync();
        var sdk = Fixture.NewSchemaName();
        var host = Fixture.NewSchemaName();
        var role = "app_" + Guid.NewGuid().ToString("N")[..12];
        var password = Guid.NewGuid().ToString("N");

        // The owner (here the test role) migrates and creates the host's tables.
        await new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = sdk }).MigrateAsync(Token);
        await PostgresSampleSchema.CreateAsync(DataSource, host, Token);
        await ExecuteAsync($"INSERT INTO \"{host}\".posts (id) VALUES ('p1'); INSERT INTO \"{host}\".engagements (user_id, post_id, kind) VALUES ('u1', 'p1', 'like')");
        await ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'");
        try
        {
            // Exactly the grants of docs/postgres.md, "Grants".
            await ExecuteAsync(
                $"""
                GRANT USAGE ON SCHEMA "{sdk}" TO "{role}";
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{sdk}" TO "{role}";
                GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{sdk}" TO "{role}";
                GRANT USAGE ON SCHEMA "{host}" TO "{role}";
                GRANT SELECT ON "{host}".users, "{host}".posts, "{host}".engagements, "{host}".follows TO "{role}";
                """);

            var builder = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Username = role, Password = password, Pooling = false };
            await using var app = NpgsqlDataSource.Create(builder.ConnectionString);
            var options = new PostgresRecommenderOptions { Schema = sdk };

            Assert.Empty((await new PostgresMigrator(app, options).MigrateAsync(Token)).AppliedVersions);

            await using (var models = new PostgresModelStore(app, options))
            {
                var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                models.ActiveChanged += (_, _) => changed.TrySetResult();
                await models.SaveAsync(new ModelVersionInfo { Version = "v1" }, (s, ct) => s.WriteAsync(new byte[100], ct), Token);
                await models.SaveAsync(new ModelVersionInfo { Version = "v2" }, (s, ct) => s.WriteAsync(new byte[100], ct), Token);
                await models.ActivateAsync("v1", cancellationToken: Token);
                await models.ActivateAsync("v2", cancellationToken: Token);
                await models.ActivateAsync("v1", "b", Token);
                await models.DeactivateAsync("b", Token);
                await using (var artefact = await models.OpenArtefactAsync("v1", Token))
                {
                    await artefact.CopyToAsync(Stream.Null, Token);
                }

                Assert.True(await models.DeleteAsync("v1", Token));
                await models.RecordRunAsync(new TrainingRunInfo { RunId = "r1", Outcome = TrainingOutcome.Activated }, Token);
                Assert.Single(await models.ListRunsAsync(5, Token));
                var trainingLock = await models.TryAcquireTrainingLockAsync(Token);
                Assert.NotNull(trainingLock);
                await trainingLock.DisposeAsync();
                await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
                var deadline = Environment.TickCount64 + 10_000;
                while (models.ListenerProcessId == 0)
                {
                    Assert.True(Environment.TickCount64 < deadline, "The role could not LISTEN.");
                    await Task.Delay(20, Token);
                }
                await new ModelVersionStore(app, options).RemoveOrphansAsync(Token);
            }

            await using (var flags = new PostgresFeatureFlagProvider(app, options))
            {
                await flags.SetFlagAsync(new FeatureFlag("f", true, 10), Token);
                Assert.NotNull(await flags.GetFlagAsync("f", Token));
            }

            await new PostgresSystemConfig(app, options).SetJsonAsync("k", "1", Token);

            var source = new PostgresDataSource(app, new PostgresDataSourceOptions { Schema = host });
            Assert.Single(await source.ReadEngagementsAsync(null, Token).ToListAsync());
            Assert.Single(await source.ReadPostsAsync(null, Token).ToListAsync());
            Assert.Empty(await source.ReadUsersAsync(Token).ToListAsync());
            Assert.Empty(await source.ReadFollowsAsync(Token).ToListAsync());
            Assert.Single(await source.FindPostsAsync(["p1"], Token));

            // ... and nothing more: it cannot create a schema (the first migration needs CREATE on the database).
            var denied = await Assert.ThrowsAsync<PostgresException>(
                () => new PostgresMigrator(app, new PostgresRecommenderOptions { Schema = Fixture.NewSchemaName() }).MigrateAsync(Token));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }
        finally
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{sdk}\" CASCADE; DROP SCHEMA IF EXISTS \"{host}\" CASCADE; DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    private async Task RequireCreateRoleAsync()
    {
        if (await ScalarAsync<bool>("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"))
        {
            return;
        }

        const string Message = "This test creates a role: give the test role CREATEROLE (.ci/with-postgres does).";
        if (TestDatabase.IsCi)
        {
            Assert.Fail(Message);
        }

        Assert.Skip(Message);
    }
}
