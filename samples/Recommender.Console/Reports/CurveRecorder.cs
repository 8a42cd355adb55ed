using Recommender.ConsoleSample.Cli;
using Recommender.Evaluation;

namespace Recommender.ConsoleSample.Reports;

/// <summary>Precision@k and NDCG@k of one model for k = 1 to <see cref="MaxK"/> (index k - 1).</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Precision">Precision at each k.</param>
/// <param name="Ndcg">NDCG at each k.</param>
/// <param name="Users">The test users averaged over.</param>
public sealed record MetricCurve(string Model, double[] Precision, double[] Ndcg, int Users)
{
    public int MaxK => Precision.Length;
}

/// <summary>
/// Wraps the models of an <see cref="OfflineEvaluator"/> run without changing it (same candidates, same scores, same
/// metrics): each test user's top <c>maxK</c> is recorded as the evaluator ranks it, which gives precision@k and
/// NDCG@k for every k up to <c>maxK</c> from one run, and it reports progress (training, then users ranked).
/// Relevance follows the protocol: a user's distinct test posts, and for the recommend task only rows whose user and
/// post are in train.
/// </summary>
public sealed class CurveRecorder
{
    private readonly EvaluationData _data;
    private readonly EvaluationTask _task;
    private readonly int _maxK;
    private readonly ProgressStep? _progress;
    private readonly List<RecordedModel> _models = [];

    public CurveRecorder(EvaluationData data, EvaluationTask task, int maxK = 20, ProgressStep? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxK, 1);
        _data = data;
        _task = task;
        _maxK = maxK;
        _progress = progress;
    }

    /// <summary>The curves of the models, in order, once the evaluation ran.</summary>
    public IReadOnlyList<MetricCurve> Curves => [.. _models.Select(m => m.Curve)];

    /// <summary>The models to hand to the evaluator (wrappers of <paramref name="models"/>).</summary>
    public IReadOnlyList<IEvaluationModel> Wrap(IReadOnlyList<IEvaluationModel> models)
    {
        foreach (var model in models)
        {
            _models.Add(new RecordedModel(this, model, _models.Count, models.Count));
        }

        return _models;
    }

    private void Report(int model, int models, double within, string detail) =>
        _progress?.Report((model + Math.Clamp(within, 0, 1)) / models, detail);

    /// <summary>Each test user's relevant posts as catalogue indices, as the evaluator's plan has them.</summary>
    private Dictionary<string, HashSet<int>> RelevantSets(EvaluationTrainingSet training)
    {
        HashSet<string>? trainUsers = null;
        HashSet<string>? trainPosts = null;
        if (_task == EvaluationTask.Recommend)
        {
            trainUsers = new HashSet<string>(StringComparer.Ordinal);
            trainPosts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in training.Engagements)
            {
                trainUsers.Add(e.UserId);
                trainPosts.Add(e.PostId);
            }
        }

        var relevant = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var e in _data.Test)
        {
            if (trainUsers is not null && (!trainUsers.Contains(e.UserId) || !trainPosts!.Contains(e.PostId)))
            {
                continue;
            }

            if (!relevant.TryGetValue(e.UserId, out var set))
            {
                relevant[e.UserId] = set = [];
            }

            set.Add(training.Catalog.IndexOf(e.PostId));
        }

        return relevant;
    }

    private sealed class RecordedModel(CurveRecorder recorder, IEvaluationModel inner, int index, int count) : IEvaluationModel
    {
        private Accumulator? _accumulator;

        public string Name => inner.Name;

        public MetricCurve Curve => _accumulator?.ToCurve(Name) ?? new MetricCurve(Name, new double[recorder._maxK], new double[recorder._maxK], 0);

        public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
        {
            recorder.Report(index, count, 0, $"{Name}: training");
            var scorer = inner.Fit(training, cancellationToken);
            var relevant = recorder.RelevantSets(training);
            _accumulator = new Accumulator(recorder._maxK);
            recorder.Report(index, count, 0, $"{Name}: ranking");
            return new RecordingScorer(scorer, relevant, _accumulator, done => recorder.Report(index, count, done / (double)Math.Max(1, relevant.Count), $"{Name}: ranking"));
        }
    }

    private sealed class RecordingScorer(IEvaluationScorer inner, Dictionary<string, HashSet<int>> relevant, Accumulator accumulator, Action<int> progress) : IEvaluationScorer
    {
        private int _users;

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            inner.Score(userId, candidates, scores);
            if (relevant.TryGetValue(userId, out var set))
            {
                accumulator.Add(candidates, scores[..candidates.Length], set);
            }

            if ((++_users & 31) == 0)
            {
                progress(_users);
            }
        }
    }

    /// <summary>Sums per-user precision and DCG at every k, ranking as the evaluator does: score descending, then catalogue index (post id) ascending, NaN left out.</summary>
    private sealed class Accumulator
    {
        private readonly int _maxK;
        private readonly double[] _precision;
        private readonly double[] _ndcg;
        private readonly double[] _idealDcg;
        private readonly float[] _topScores;
        private readonly int[] _topIndices;
        private int _users;

        public Accumulator(int maxK)
        {
            _maxK = maxK;
            _precision = new double[maxK];
            _ndcg = new double[maxK];
            _idealDcg = new double[maxK + 1];
            for (var i = 0; i < maxK; i++)
            {
                _idealDcg[i + 1] = _idealDcg[i] + Discount(i);
            }

            _topScores = new float[maxK];
            _topIndices = new int[maxK];
        }

        public void Add(ReadOnlySpan<int> candidates, ReadOnlySpan<float> scores, HashSet<int> relevant)
        {
            var n = 0;
            for (var i = 0; i < candidates.Length; i++)
            {
                var score = scores[i];
                if (float.IsNaN(score) || (n == _maxK && !(score > _topScores[n - 1])))
                {
                    continue; // candidates ascend, so an equal score ranks after the ones kept
                }

                var at = n < _maxK ? n++ : n - 1;
                while (at > 0 && _topScores[at - 1] < score)
                {
                    _topScores[at] = _topScores[at - 1];
                    _topIndices[at] = _topIndices[at - 1];
                    at--;
                }

                _topScores[at] = score;
                _topIndices[at] = candidates[i];
            }

            var hits = 0;
            var dcg = 0.0;
            for (var k = 1; k <= _maxK; k++)
            {
                if (k <= n && relevant.Contains(_topIndices[k - 1]))
                {
                    hits++;
                    dcg += Discount(k - 1);
                }

                _precision[k - 1] += hits / (double)k;
                _ndcg[k - 1] += dcg / _idealDcg[Math.Min(k, relevant.Count)];
            }

            _users++;
        }

        public MetricCurve ToCurve(string model)
        {
            var users = Math.Max(1, _users);
            return new MetricCurve(model, [.. _precision.Select(p => p / users)], [.. _ndcg.Select(p => p / users)], _users);
        }

        private static double Discount(int position) => 1.0 / Math.Log2(position + 2);
    }
}
