using System.Diagnostics;
using Npgsql;
using Recommender.Postgres;
using Recommender.Training;

namespace Recommender.ConsoleSample.Tests;

/// <summary>
/// Issue 13, item 9, for real: a child process (this console, <c>train --postgres</c>) begins a training run on the
/// PostgreSQL server and is killed with SIGKILL mid-run; the next instance that looks marks the run abandoned once its
/// lease is over, and trains again. The run is held mid-way deterministically: the test locks the host's follows table,
/// which the pipeline reads after it recorded the run as running. Needs RECOMMENDER_TEST_POSTGRES (as the Postgres
/// tests); skipped without it, except in CI, where a missing database fails.
/// </summary>
public sealed class TrainingKillTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TrainingKilledMidRun_IsMarkedAbandonedByTheNextInstanceWithinTheLease_AndTheNextTrainingRuns()
    {
        var connectionString = TestDatabase.ConnectionString();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (host, sdk) = ("kill_host_" + suffix, "kill_sdk_" + suffix);
        string[] schemas = ["--schema", host, "--sdk-schema", sdk];
        await using var database = NpgsqlDataSource.Create(connectionString);
        Process? child = null;
        try
        {
            var sample = await ConsoleRun.RunAsync(["--postgres", connectionString, "--create-sample", .. schemas, .. ConsoleRun.Tiny, "--feeds", "1"]);
            Assert.True(sample.ExitCode == 0, sample.Error);

            // Hold the run mid-way: the pipeline records the run, then blocks reading the follows.
            await using var blocker = await database.OpenConnectionAsync(Token);
            await using var transaction = await blocker.BeginTransactionAsync(Token);
            await using (var command = new NpgsqlCommand($"LOCK TABLE \"{host}\".follows IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await command.ExecuteNonQueryAsync(Token);
            }

            child = StartTraining(connectionString, schemas);
            var runId = await WaitForHeartbeatsAsync(database, sdk, child);
            child.Kill(entireProcessTree: true); // SIGKILL: no finally, no last record
            await child.WaitForExitAsync(Token);
            await transaction.RollbackAsync(Token);
            var lastBeat = await LastHeartbeatAsync(database, sdk, runId);

            // The next instance: a store over the same schema. Within the lease the run still counts as running.
            await using var store = new PostgresModelStore(database, new PostgresRecommenderOptions { Schema = sdk });
            if (await DatabaseNowAsync(database) - lastBeat < Lease - TimeSpan.FromSeconds(1))
            {
                Assert.Equal(TrainingOutcome.Running, (await RunAsync(store, runId)).Outcome);
            }

            // Once the lease is over, the first look marks it, within a second of polling.
            TrainingRunInfo run;
            while ((run = await RunAsync(store, runId)).Outcome == TrainingOutcome.Running)
            {
                Assert.True(await DatabaseNowAsync(database) - lastBeat < Lease + TimeSpan.FromSeconds(5), "the killed run was not marked abandoned within its lease");
                await Task.Delay(250, Token);
            }

            var markedAt = run.FinishedAt!.Value;
            Assert.Equal(TrainingOutcome.Abandoned, run.Outcome);
            Assert.InRange(markedAt - lastBeat, Lease, Lease + TimeSpan.FromSeconds(2));
            Assert.StartsWith("Abandoned: no heartbeat since ", run.Error, StringComparison.Ordinal);
            Assert.Null(run.ModelVersion);

            // The killed process's training lock died with its connection: the next training runs.
            var again = await ConsoleRun.RunAsync(["train", "--postgres", connectionString, .. schemas]);
            Assert.True(again.ExitCode == 0, again.Error);
            var runs = await store.ListRunsAsync(10, Token);
            Assert.Equal(TrainingOutcome.Abandoned, runs.Single(r => r.RunId == runId).Outcome);
            Assert.Contains(runs, r => r.RunId != runId && r.Outcome is TrainingOutcome.Activated or TrainingOutcome.Rejected);
        }
        finally
        {
            if (child is { HasExited: false })
            {
                child.Kill(entireProcessTree: true);
            }

            child?.Dispose();
            await using var drop = database.CreateCommand($"DROP SCHEMA IF EXISTS \"{host}\" CASCADE; DROP SCHEMA IF EXISTS \"{sdk}\" CASCADE");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The console, as a process of its own: <c>dotnet exec recommender.dll train --postgres ...</c>.</summary>
    private static Process StartTraining(string connectionString, string[] schemas)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "recommender.dll"), "train", "--postgres", connectionString, .. schemas])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Recommender__Training__HeartbeatInterval"] = Heartbeat.ToString("c");
        start.Environment["Recommender__Training__RunLease"] = Lease.ToString("c");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the child's run is recorded as running with a lease and has beaten at least twice.</summary>
    private static async Task<string> WaitForHeartbeatsAsync(NpgsqlDataSource database, string sdk, Process child)
    {
        var deadline = Stopwatch.StartNew();
        DateTimeOffset? first = null;
        while (true)
        {
            Assert.False(child.HasExited, $"the training process ended early (exit code {(child.HasExited ? child.ExitCode : 0)})");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "the training run never recorded two heartbeats");
            await using var command = database.CreateCommand(
                $"SELECT run_id, heartbeat_at, extract(epoch FROM lease)::float8 FROM \"{sdk}\".training_runs WHERE outcome = 'running' ORDER BY started_at DESC LIMIT 1");
            await using var reader = await command.ExecuteReaderAsync(Token);
            if (await reader.ReadAsync(Token))
            {
                var beat = reader.GetFieldValue<DateTimeOffset>(1);
                Assert.Equal(Lease.TotalSeconds, reader.GetDouble(2), 3);
                first ??= beat;
                if (beat > first)
                {
                    return reader.GetString(0);
                }
            }

            await Task.Delay(100, Token);
        }
    }

    private static async Task<DateTimeOffset> LastHeartbeatAsync(NpgsqlDataSource database, string sdk, string runId)
    {
        await using var command = database.CreateCommand($"SELECT heartbeat_at FROM \"{sdk}\".training_runs WHERE run_id = @id");
        command.Parameters.AddWithValue("id", runId);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(Token))!, TimeSpan.Zero);
    }

    private static async Task<TrainingRunInfo> RunAsync(PostgresModelStore store, string runId) =>
        (await store.ListRunsAsync(20, Token)).Single(r => r.RunId == runId);

    private static async Task<DateTimeOffset> DatabaseNowAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT clock_timestamp()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(Token))!, TimeSpan.Zero);
    }
}
