using Recommender.Data;

namespace Recommender.Evaluation;

public sealed partial class OfflineEvaluator
{
    /// <summary>The feed task: every model replays the test period window by window (<see cref="FeedPlan"/>).</summary>
    private EvaluationReport EvaluateFeed(EvaluationData data, IReadOnlyList<IEvaluationModel> models, CancellationToken cancellationToken)
    {
        var plan = FeedPlan.Create(data, _options);
        var firstWindow = plan.Windows.Length > 0 ? plan.Windows[0].Start : plan.ReferenceTime;
        Log.EvaluationStarted(_logger, _options.Task.ToString(), _options.K, plan.Windows.Sum(w => w.Pairs.Length), plan.CandidatePosts, data.Train.Count, plan.ReferenceTime, firstWindow);
        var results = new List<ModelEvaluation>(models.Count);
        foreach (var model in models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = _timeProvider.GetTimestamp();
            results.Add(Replay(model, data, plan, cancellationToken));
            var result = results[^1];
            Log.EvaluationModelScored(_logger, model.Name, _options.K, result.Ndcg, result.Precision, result.Coverage, _timeProvider.GetElapsedTime(started).TotalSeconds);
        }

        return new EvaluationReport(new DatasetSummary(plan.TrainUsers, plan.CandidatePosts, data.Train.Count, plan.RelevantRows), _options.K, _options.Task, results)
        {
            ReferenceTime = plan.ReferenceTime,
            RankingTime = firstWindow,
            HalfLife = _options.Weighting.HalfLife,
            Step = _options.Step,
            Updates = _options.Updates,
        };
    }

    private ModelEvaluation Replay(IEvaluationModel model, EvaluationData data, FeedPlan plan, CancellationToken cancellationToken)
    {
        var trainingTime = TimeSpan.Zero;
        var firstWindow = plan.Windows.Length > 0 ? plan.Windows[0].Start : plan.ReferenceTime;
        var scorer = Fit(model, data, plan.Catalog, plan.ReferenceTime, firstWindow, ref trainingTime, cancellationToken);
        var top = new TopList(_options.K, plan.Catalog.Count);
        var metrics = new RankingMetrics(_options.K);
        var windows = new List<FeedWindow>(plan.Windows.Length);
        var candidates = Array.Empty<int>();
        var applied = 0;
        try
        {
            foreach (var window in plan.Windows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.Updates == FeedUpdates.Retrain && window.FirstRow > applied)
                {
                    (scorer as IDisposable)?.Dispose();
                    var known = new List<Engagement>(data.Train.Count + window.FirstRow);
                    known.AddRange(data.Train);
                    known.AddRange(plan.Test.AsSpan(0, window.FirstRow));
                    var reference = plan.Test[window.FirstRow - 1].Timestamp > plan.ReferenceTime ? plan.Test[window.FirstRow - 1].Timestamp : plan.ReferenceTime;
                    var retrained = new EvaluationData(known, data.Test) { Posts = data.Posts, Users = data.Users, Follows = data.Follows };
                    scorer = Fit(model, retrained, plan.Catalog, reference, window.Start, ref trainingTime, cancellationToken);
                    applied = window.FirstRow;
                }

                var feed = scorer as IFeedEvaluationScorer;
                if (_options.Updates == FeedUpdates.Realtime && feed is not null)
                {
                    for (; applied < window.FirstRow; applied++)
                    {
                        feed.Record(plan.Test[applied]);
                    }
                }

                feed?.AdvanceTo(window.Start);
                if (candidates.Length < window.Pool.Length)
                {
                    candidates = new int[window.Pool.Length];
                }

                var before = metrics.Users;
                var sum = 0.0;
                foreach (var pair in window.Pairs)
                {
                    var n = TopList.Except(window.Pool, pair.Excluded, candidates);
                    metrics.Add(top.Rank(scorer, pair.UserId, candidates.AsSpan(0, n)), pair.Relevant);
                    sum += metrics.UserNdcg[^1];
                }

                var pairs = metrics.Users - before;
                windows.Add(new FeedWindow(window.Start, pairs == 0 ? 0 : sum / pairs, pairs));
            }
        }
        finally
        {
            (scorer as IDisposable)?.Dispose();
        }

        var coverage = plan.CandidatePosts == 0 ? 0 : top.Distinct / (double)plan.CandidatePosts;
        return new ModelEvaluation(model.Name, metrics.Precision, metrics.Recall, metrics.Ndcg, metrics.Map, metrics.HitRate, coverage, metrics.Users, trainingTime)
        {
            NdcgInterval = metrics.NdcgInterval(),
            UserNdcg = [.. metrics.UserNdcg],
            Windows = windows,
        };
    }

    /// <summary>Trains one model on the data (the time it takes is added to <paramref name="trainingTime"/> and logged).</summary>
    private IEvaluationScorer Fit(IEvaluationModel model, EvaluationData data, IdIndex catalog, DateTimeOffset reference, DateTimeOffset rankingTime, ref TimeSpan trainingTime, CancellationToken cancellationToken)
    {
        var training = new EvaluationTrainingSet(data, catalog, reference, rankingTime, EvaluationOptions.CopyOf(_options.Weighting));
        var started = _timeProvider.GetTimestamp();
        var scorer = model.Fit(training, cancellationToken)
            ?? throw new InvalidOperationException($"The model '{model.Name}' returned no scorer.");
        var elapsed = _timeProvider.GetElapsedTime(started);
        trainingTime += elapsed;
        Log.EvaluationModelTrained(_logger, model.Name, elapsed.TotalSeconds);
        return scorer;
    }
}
