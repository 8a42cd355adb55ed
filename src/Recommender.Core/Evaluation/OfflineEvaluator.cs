using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Recommender.Evaluation;

/// <summary>
/// Runs the evaluation protocol: trains each model on the train data, ranks candidates for every test user, and
/// scores the top k against the test rows (precision, recall, NDCG, MAP, hit rate at k, and catalogue coverage).
/// Deterministic: equal scores are ranked by post id (ordinal).
/// </summary>
public sealed partial class OfflineEvaluator
{
    private readonly EvaluationOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="options">The options; null for the defaults. Copied: later changes have no effect.</param>
    /// <param name="logger">Where progress is logged; null for none.</param>
    /// <param name="timeProvider">The clock that times training and ranking; null for <see cref="TimeProvider.System"/>. (Weights decay by the data's own clock, see <see cref="EvaluationTrainingSet.TimeProvider"/>.)</param>
    /// <exception cref="ArgumentException">An option is invalid (every problem is listed).</exception>
    public OfflineEvaluator(EvaluationOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        options ??= new EvaluationOptions();
        options.Validate();
        _options = options.Clone();
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Evaluates each model on the data.</summary>
    /// <param name="data">The train/test split and optional posts, users and follows.</param>
    /// <param name="models">The models, with distinct names.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>One <see cref="ModelEvaluation"/> per model, in order. With no test user left to evaluate, every metric is 0 and <see cref="ModelEvaluation.Users"/> is 0.</returns>
    /// <exception cref="ArgumentException">The train data is empty, an id is null or empty, two models share a name, or the rank or feed task has no posts.</exception>
    public EvaluationReport Evaluate(EvaluationData data, IReadOnlyList<IEvaluationModel> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(models);
        CheckModels(models);
        if (_options.Task == EvaluationTask.Feed)
        {
            return EvaluateFeed(data, models, cancellationToken);
        }

        var plan = EvaluationPlan.Create(data, _options);
        if (plan.DroppedTestRows > 0)
        {
            Log.EvaluationTestRowsDropped(_logger, plan.DroppedTestRows, data.Test.Count);
        }

        Log.EvaluationStarted(_logger, _options.Task.ToString(), _options.K, plan.TestUsers.Length, plan.Pool.Length, data.Train.Count, plan.ReferenceTime, plan.RankingTime);
        var results = new List<ModelEvaluation>(models.Count);
        foreach (var model in models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainingTime = TimeSpan.Zero;
            var scorer = Fit(model, data, plan.Catalog, plan.ReferenceTime, plan.RankingTime, ref trainingTime, cancellationToken);
            var started = _timeProvider.GetTimestamp();
            var result = Rank(model.Name, scorer, plan, trainingTime, cancellationToken);
            Log.EvaluationModelScored(_logger, model.Name, _options.K, result.Ndcg, result.Precision, result.Coverage, _timeProvider.GetElapsedTime(started).TotalSeconds);
            results.Add(result);
        }

        var dataset = new DatasetSummary(plan.TrainUsers, plan.Pool.Length, data.Train.Count, plan.TestRows);
        return new EvaluationReport(dataset, _options.K, _options.Task, results)
        {
            ReferenceTime = plan.ReferenceTime,
            RankingTime = plan.RankingTime,
            CandidatesSince = plan.CandidatesSince,
            HalfLife = _options.Weighting.HalfLife,
        };
    }

    private static void CheckModels(IReadOnlyList<IEvaluationModel> models)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            ArgumentNullException.ThrowIfNull(model, nameof(models));
            Guard.NotNullOrEmpty(model.Name, "IEvaluationModel.Name");
            if (!names.Add(model.Name))
            {
                throw new ArgumentException($"Two models are named '{model.Name}'; names must be distinct.", nameof(models));
            }
        }
    }

    private ModelEvaluation Rank(string name, IEvaluationScorer scorer, EvaluationPlan plan, TimeSpan trainingTime, CancellationToken cancellationToken)
    {
        var candidates = new int[plan.Pool.Length];
        var top = new TopList(_options.K, plan.Catalog.Count);
        var metrics = new RankingMetrics(_options.K);
        for (var u = 0; u < plan.TestUsers.Length; u++)
        {
            if ((u & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var user = plan.TestUsers[u];
            var n = TopList.Except(plan.Pool, user.TrainPosts, candidates);
            metrics.Add(top.Rank(scorer, user.Id, candidates.AsSpan(0, n)), user.Relevant);
        }

        var coverage = plan.Pool.Length == 0 ? 0 : top.Distinct / (double)plan.Pool.Length;
        return new ModelEvaluation(name, metrics.Precision, metrics.Recall, metrics.Ndcg, metrics.Map, metrics.HitRate, coverage, metrics.Users, trainingTime)
        {
            NdcgInterval = metrics.NdcgInterval(),
            UserNdcg = [.. metrics.UserNdcg],
        };
    }
}
