using System.Collections.Concurrent;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineConcurrencyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// 32 concurrent callers rank (cache off, so every answer is computed) while 50 versions, alternating between two
    /// different models, are activated one after another and a training is started and cancelled part-way. No
    /// exception reaches a caller; every answer is exactly the answer of the one model version it names (compared with
    /// a bare ranker over that model); the active version is always a published one, never the cancelled training's.
    /// </summary>
    [Fact]
    public async Task Ranking_While50VersionsActivate_AndATrainingIsCancelled_EveryAnswerComesFromOneVersion()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.CacheDuration = TimeSpan.Zero);
        var artefacts = new[] { await ServingWorld.ModelA, await ServingWorld.ModelB };
        var models = artefacts.Select(ServingWorld.Load).ToArray();
        var modelOf = new Dictionary<string, int> { ["v1"] = 0 };
        for (var i = 0; i < 50; i++)
        {
            var version = $"c{i:00}";
            modelOf[version] = i % 2 == 0 ? 1 : 0;
            await t.PublishAsync(artefacts[modelOf[version]], version, activate: false);
        }

        var users = ServingWorld.Feed.Users.Take(6).Select(u => u.Id).Append("newcomer-1").Append(ServingWorld.ActiveUser).ToArray();
        var posts = ServingWorld.RecentPosts(50);
        var expected = new Dictionary<(string, int), (string, float)[]>();
        foreach (var user in users)
        {
            for (var m = 0; m < models.Length; m++)
            {
                expected[(user, m)] = [.. new HybridRanker(models[m], t.Engine.Options.Ranking, t.Time).Rank(user, posts).Select(i => (i.PostId, i.Score))];
            }
        }

        Assert.NotEqual(expected[(users[0], 0)], expected[(users[0], 1)]);

        // The training blocks part-way through reading engagements until it is cancelled.
        var trainingReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.Source.OnEngagement = async (i, token) =>
        {
            if (i == 1_000)
            {
                trainingReached.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            }
        };
        var trainingDone = new TaskCompletionSource<TrainingRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        t.Engine.Training.RunCompleted += (_, r) => trainingDone.TrySetResult(r);

        using var stop = new CancellationTokenSource();
        var errors = new ConcurrentQueue<string>();
        var seenVersions = new ConcurrentDictionary<string, int>();
        var answers = 0;
        var callers = Enumerable.Range(0, 32).Select(c => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested || n < 20)
            {
                var user = users[(c + n++) % users.Length];
                try
                {
                    var result = await t.Engine.RankAsync(user, posts, cancellationToken: Token);
                    Interlocked.Increment(ref answers);
                    if (result.Source != RecommendationSource.Model || result.ModelVersion is not { } version || !modelOf.TryGetValue(version, out var m))
                    {
                        errors.Enqueue($"{user}: source {result.Source} ({result.FallbackReason}), version {result.ModelVersion}");
                        continue;
                    }

                    seenVersions.AddOrUpdate(version, 1, (_, k) => k + 1);
                    if (!result.Items.Select(i => (i.PostId, i.Score)).SequenceEqual(expected[(user, m)]))
                    {
                        errors.Enqueue($"{user}: the answer of {version} is not model {m}'s");
                    }
                }
                catch (Exception ex)
                {
                    errors.Enqueue($"{user}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        })).ToArray();

        var activeSeen = new HashSet<string>();
        using var cancelTraining = new CancellationTokenSource();
        Task<TrainingRunResult>? training = null;
        for (var i = 0; i < 50; i++)
        {
            if (i == 10)
            {
                training = t.Engine.Training.TrainAsync(cancelTraining.Token);
            }

            if (i == 25)
            {
                await trainingReached.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
                await cancelTraining.CancelAsync();
            }

            await t.Engine.Registry.ActivateAsync($"c{i:00}", cancellationToken: Token);
            activeSeen.Add(t.Engine.GetStatus().ActiveVersions[ModelVariants.Default]);
            await Task.Delay(10, Token);
        }

        var outcome = await trainingDone.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await stop.CancelAsync();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60), Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => training!);

        Assert.Empty(errors);
        Assert.True(answers > 32 * 20, $"{answers} answers");
        Assert.True(seenVersions.Count >= 10, $"answers came from only {seenVersions.Count} versions");
        Assert.Equal(TrainingOutcome.Cancelled, outcome.Outcome);
        Assert.Subset(modelOf.Keys.ToHashSet(), activeSeen);
        Assert.Equal(51, (await t.Engine.Registry.ListAsync(Token)).Count);
        Assert.Equal("c49", t.Engine.GetStatus().ActiveVersions[ModelVariants.Default]);
        Assert.Equal("c49", (await t.Engine.RankAsync(users[0], posts, cancellationToken: Token)).ModelVersion);
    }
}
