using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>The feed task of the evaluation protocol: windows, candidates, relevance, and how updates reach the models.</summary>
public class FeedTaskTests
{
    private static readonly DateTimeOffset T0 = new(2001, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private static Engagement E(string user, string post, double hours, EngagementKind kind = EngagementKind.Like) => new(user, post, kind, T0.AddHours(hours));

    private static Post P(string id, double hours, string author = "x") => new(id, author, T0.AddHours(hours));

    /// <summary>
    /// Posts: old (created 5 days before T0), a, b (before train's end), c (day 1), d (day 1.5).
    /// Train: u1 a, u2 b (before T0). Test from T0: u1 b (day 0), u2 c at 26 h (day 1), u1 c at 30 h (day 1), u3 d at 50 h (day 2),
    /// u1 old at 51 h (day 2: old is no candidate), u2 c at 52 h (day 2: engaged before, not relevant).
    /// </summary>
    private static EvaluationData Data() => new(
        [E("u1", "a", -10), E("u2", "b", -9)],
        [E("u1", "b", 1), E("u2", "c", 26), E("u1", "c", 30), E("u3", "d", 50), E("u1", "old", 51), E("u2", "c", 52)])
    {
        Posts = [P("old", -120), P("a", -20), P("b", -15), P("c", 20), P("d", 36)],
    };

    [Fact]
    public void Windows_StartAtTheFirstTestRow_CandidatesAreTheLastThreeDaysMinusWhatTheUserEngagedWithBefore()
    {
        var model = new RecordingModel();
        var report = new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed, K = 2 }).Evaluate(Data(), [model], TestContext.Current.CancellationToken);
        var m = Assert.Single(report.Models);

        // Window 0 [T0+1h, +25h): u1 ranks {a, b} minus a (train) = {b}; relevant b.
        // Window 1 [+25h, +49h): u2 {a, b, c} minus b = {a, c}, relevant c; u1 {a, b, c} minus a, b = {c}, relevant c.
        // Window 2 [+49h, +73h): u3 {a, b, c, d}, relevant d; u1's old is no candidate; u2's c was engaged before.
        Assert.Equal(3, m.Windows.Count);
        Assert.Equal([1, 2, 1], m.Windows.Select(w => w.Pairs));
        Assert.Equal(T0.AddHours(1), m.Windows[0].Start);
        Assert.Equal(TimeSpan.FromDays(1), m.Windows[1].Start - m.Windows[0].Start);
        Assert.Equal(4, m.Users);
        Assert.Equal(["u1@0:b", "u2@1:a,c", "u1@1:c", "u3@2:a,b,c,d"], model.Asked);
        Assert.Equal(4, report.Dataset.Test);
        Assert.Equal(4, report.Dataset.Posts);
        Assert.Equal(TimeSpan.FromDays(1), report.Step);
        Assert.Equal(FeedUpdates.Realtime, report.Updates);
    }

    [Fact]
    public void Realtime_HandsEveryEarlierTestRow_InTimeOrder_BeforeTheWindowStarts()
    {
        var model = new RecordingModel();
        new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed }).Evaluate(Data(), [model], TestContext.Current.CancellationToken);

        Assert.Equal(
            ["advance 1", "record u1 b 1", "advance 25", "record u2 c 26", "record u1 c 30", "advance 49"],
            model.Calls);
        Assert.Equal(1, model.Fits);
    }

    [Fact]
    public void None_NeverRecords_ButTheClockMoves()
    {
        var model = new RecordingModel();
        new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed, Updates = FeedUpdates.None }).Evaluate(Data(), [model], TestContext.Current.CancellationToken);

        Assert.Equal(["advance 1", "advance 25", "advance 49"], model.Calls);
    }

    [Fact]
    public void Retrain_FitsAgainBeforeEachWindowWithNewRows_OnTrainPlusTheEarlierTestRows()
    {
        var model = new RecordingModel();
        new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed, Updates = FeedUpdates.Retrain }).Evaluate(Data(), [model], TestContext.Current.CancellationToken);

        Assert.Equal([2, 3, 5], model.TrainSizes);
        Assert.Equal([T0.AddHours(1), T0.AddHours(25), T0.AddHours(49)], model.RankingTimes);
        Assert.DoesNotContain(model.Calls, c => c.StartsWith("record", StringComparison.Ordinal));
    }

    [Fact]
    public void Realtime_LetsPopularityLearnFromEarlierWindows()
    {
        // Day 0: five users like "hot" (created at T0); day 1: u9 engages with it too. Without updates popularity knows
        // nothing of "hot" (no train row) and ranks "cold" (one train like) first.
        List<Engagement> test = [.. Enumerable.Range(0, 5).Select(i => E($"u{i}", "hot", 1 + i)), E("u9", "hot", 26)];
        var data = new EvaluationData([E("u0", "cold", -1)], test) { Posts = [P("hot", 0), P("cold", -2)] };
        double Ndcg(FeedUpdates updates) => new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed, Updates = updates, K = 1 })
            .Evaluate(data, [new PopularityModel()], TestContext.Current.CancellationToken).Models[0].Windows[1].Ndcg;

        Assert.Equal(1.0, Ndcg(FeedUpdates.Realtime));
        Assert.Equal(0.0, Ndcg(FeedUpdates.None));
    }

    [Fact]
    public void EveryBuiltInModel_TakesPart_AndTheJsonHoldsTheWindows()
    {
        var models = new IEvaluationModel[] { new PopularityModel(), new HeuristicEvaluationModel(), new NmfEvaluationModel(new() { Factors = 2 }), new ContentEvaluationModel(), new EaseEvaluationModel() };
        var report = new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed }).Evaluate(Data(), models, TestContext.Current.CancellationToken);

        Assert.All(report.Models, m => Assert.Equal(3, m.Windows.Count));
        var json = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement;
        Assert.Equal("feed", json.GetProperty("task").GetString());
        Assert.Equal(86400, json.GetProperty("step_seconds").GetDouble());
        Assert.Equal("realtime", json.GetProperty("updates").GetString());
        var windows = json.GetProperty("models").GetProperty("popularity").GetProperty("windows");
        Assert.Equal(3, windows.GetArrayLength());
        Assert.Equal(T0.AddHours(1).ToUnixTimeSeconds(), windows[0].GetProperty("start").GetInt64());
        Assert.Equal(1, windows[0].GetProperty("pairs").GetInt32());
        Assert.True(windows[0].TryGetProperty("ndcg@10", out _));
    }

    [Fact]
    public void WithoutPosts_Throws_NamingThePostsFile()
    {
        var e = Assert.Throws<ArgumentException>(() => new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed })
            .Evaluate(new EvaluationData([E("u1", "a", 0)], [E("u1", "b", 1)]), [new PopularityModel()], TestContext.Current.CancellationToken));
        Assert.Contains("posts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidStepOrUpdates_AreListedTogether()
    {
        var e = Assert.Throws<ArgumentException>(() => new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed, Step = TimeSpan.Zero, Updates = (FeedUpdates)7 }));
        Assert.Contains("Step", e.Message, StringComparison.Ordinal);
        Assert.Contains("Updates", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoTestRows_GivesNoWindowsAndZeroPairs()
    {
        var data = new EvaluationData([E("u1", "a", 0)], []) { Posts = [P("a", -1)] };
        var report = new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed }).Evaluate(data, [new PopularityModel()], TestContext.Current.CancellationToken);

        Assert.Empty(report.Models[0].Windows);
        Assert.Equal(0, report.Models[0].Users);
    }

    /// <summary>Scores by post id (descending: "d" first); records what the replay asked and told it.</summary>
    private sealed class RecordingModel : IEvaluationModel
    {
        public string Name => "recording";

        public int Fits { get; private set; }

        public List<int> TrainSizes { get; } = [];

        public List<DateTimeOffset> RankingTimes { get; } = [];

        public List<string> Calls { get; } = [];

        public List<string> Asked { get; } = [];

        private int _window = -1;

        public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
        {
            Fits++;
            TrainSizes.Add(training.Engagements.Count);
            RankingTimes.Add(training.RankingTime);
            return new Scorer(this, training);
        }

        private sealed class Scorer(RecordingModel model, EvaluationTrainingSet training) : IFeedEvaluationScorer
        {
            public void AdvanceTo(DateTimeOffset now)
            {
                model._window++;
                model.Calls.Add($"advance {(now - T0).TotalHours}");
            }

            public void Record(in Engagement engagement) => model.Calls.Add($"record {engagement.UserId} {engagement.PostId} {(engagement.Timestamp - T0).TotalHours}");

            public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
            {
                var ids = new List<string>();
                for (var i = 0; i < candidates.Length; i++)
                {
                    ids.Add(training.Catalog[candidates[i]]);
                    scores[i] = candidates[i];
                }

                model.Asked.Add($"{userId}@{Math.Max(model._window, 0)}:{string.Join(',', ids)}");
            }
        }
    }
}
